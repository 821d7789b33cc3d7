#!/usr/bin/env python3
"""Writes a deterministic mbox of generated mail (written by the project, for the benchmark):
   python3 scripts/gen_mbox.py OUT.mbox SIZE_MB
A mix like a real business mailbox: plain-text mail in English, Vietnamese and Thai with quoted
replies (70%), multipart/alternative with HTML (20%), and mail with a base64 attachment (10%);
2,000 correspondents, threads, mboxrd-escaped `From ` lines, and our own sent mail."""
import base64, random, sys

out, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(4)
LINES = {
    "en": ["Thanks for the update, see you on Tuesday.", "Can you send the revised file by Friday?",
           "The invoice is attached, payment terms are 30 days.", "We need a small change to the logo colours.",
           "Could you do it a bit cheaper? Other agencies quoted less.", "Please call me tonight, it is urgent."],
    "vi": ["Cảm ơn em, bên anh đã nhận file.", "Em gửi lại bản sửa trước thứ Sáu nhé.",
           "Giảm giá chút đi em, làm nhanh trong tối nay nhé.", "Hợp đồng đã ký, anh chuyển khoản tuần sau.",
           "Chị cần thêm hai mẫu nữa, không tính phí được không?"],
    "th": ["ขอบคุณครับ ได้รับไฟล์แล้ว", "ช่วยส่งงานแก้ไขภายในวันศุกร์นะคะ", "ขอส่วนลดเพิ่มอีกหน่อยได้ไหมครับ",
           "ใบแจ้งหนี้แนบมาแล้วค่ะ", "งานนี้ด่วนมาก ต้องเสร็จคืนนี้"],
}
QUOTE_HEAD = {"en": "On Mon, 3 Mar 2025 at 10:00, Studio <me@studio.example> wrote:",
              "vi": "Vào Th 2, 3 thg 3, 2025 lúc 10:00 Studio <me@studio.example> đã viết:",
              "th": "เมื่อ จ. 3 มี.ค. 2025 10:00 Studio <me@studio.example> เขียนว่า:"}
people = [(f"Client {i}", f"client{i}@company{i % 700}.example", ["en", "vi", "th"][i % 3]) for i in range(2000)]
attachment = base64.encodebytes(bytes(rng.getrandbits(8) for _ in range(40_000))).decode()
target = size_mb * 1024 * 1024
written, n = 0, 0
with open(out, "w", encoding="utf-8", newline="\n") as f:
    while written < target:
        n += 1
        name, addr, lang = people[rng.randrange(len(people))]
        ours = rng.random() < 0.25
        frm, to = (f"Studio <me@studio.example>", f"{name} <{addr}>") if ours else (f"{name} <{addr}>", "Studio <me@studio.example>")
        day, hour = 1 + n % 28, n % 24
        thread = f"t{n // 5}@studio.example"
        body = "\n".join(rng.choice(LINES[lang]) for _ in range(rng.randint(3, 12)))
        if rng.random() < 0.05:
            body += "\nFrom the brief we agreed on, nothing changes."  # escaped below (mboxrd)
        quoted = "\n".join("> " + rng.choice(LINES[lang]) for _ in range(rng.randint(5, 25)))
        text = f"{body}\n\n{QUOTE_HEAD[lang]}\n{quoted}\n"
        head = (f"From {addr if not ours else 'me@studio.example'} Mon Mar  3 10:00:00 2025\n"
                f"From: {frm}\nTo: {to}\nDate: Mon, {day:02d} Mar 2025 {hour:02d}:{n % 60:02d}:00 +0700\n"
                f"Message-ID: <m{n}@bench.example>\nIn-Reply-To: <{thread}>\nReferences: <{thread}>\n"
                f"Subject: Re: Project {n // 5}\nMIME-Version: 1.0\n")
        kind = rng.random()
        if kind < 0.7:
            msg = head + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + text
        elif kind < 0.9:
            html = "<html><body>" + "".join(f"<p>{l}</p>" for l in text.split("\n")) + "</body></html>"
            msg = (head + 'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
                   "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n--b1\n"
                   "Content-Type: text/html; charset=utf-8\n\n" + html + "\n--b1--\n")
        else:
            msg = (head + 'Content-Type: multipart/mixed; boundary="b2"\n\n--b2\n'
                   "Content-Type: text/plain; charset=utf-8\n\n" + text + "\n--b2\n"
                   'Content-Type: application/pdf; name="quote.pdf"\nContent-Transfer-Encoding: base64\n\n'
                   + attachment + "--b2--\n")
        msg = "\n".join((">" + l) if l.lstrip(">").startswith("From ") else l for l in msg.split("\n")[1:])
        msg = head.split("\n", 1)[0] + "\n" + msg + "\n"
        f.write(msg)
        written += len(msg.encode("utf-8"))
print(f"{out}: {n} messages, {written // (1024 * 1024)} MB", file=sys.stderr)
