//! Amounts as exports write them, read exactly (never through a float).
//!
//! Accepted: `1500`, `1500.00`, `1495.0000` (Xero), `1,500.00`, `1.500,00`, `1 500,00`,
//! `12.500.000 ₫`, `12,500,000 VND`, `$13.50`, `฿1,070.00`, `1,070.00 บาท`, `(400.00)` and
//! `-400.00` (negative). Which of `.` and `,` is the decimal separator is decided per value
//! when the value shows it (both present: the last one is; one of them more than once: it
//! groups; once, followed by other than three digits: it is decimal), else by the column's
//! evidence (another value of the column that shows it), else a currency without minor units
//! (VND) makes it grouping, else `,` groups and `.` is decimal.
//!
//! The currency: the file's currency column first, else an ISO code or symbol in the amount
//! (`₫`/`đ` VND, `฿`/`บาท` THB, `€` EUR, `£` GBP, `$` USD), else the code in the column's
//! header (`Amount (USD)`), else the workspace's currency.

use redflag_domain::{Currency, Decimal};

/// The decimal separator a column has shown, if any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style(Option<char>);

/// An amount as read: signed, with the currency written in it, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    /// The value; negative for `(x)` or `-x`.
    pub value: Decimal,
    /// A currency the cell itself names.
    pub currency: Option<Currency>,
}

/// Splits off the sign, currency marks and spaces: `(negative, currency, digits and separators)`.
fn strip(s: &str) -> Result<(bool, Option<Currency>, String), String> {
    let mut t = s.trim();
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    let mut currency = None;
    let mut rest = String::with_capacity(t.len());
    let mut letters = String::new();
    for c in t.chars() {
        match c {
            '0'..='9' | '.' | ',' => rest.push(c),
            '-' | '\u{2212}' if rest.is_empty() || rest.chars().all(|c| !c.is_ascii_digit()) => {
                negative = true;
            }
            ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '+' => {}
            '₫' => currency = Some(Currency::VND),
            '฿' => currency = Some(Currency::THB),
            '€' => currency = "EUR".parse().ok(),
            '£' => currency = "GBP".parse().ok(),
            '$' => currency = currency.or(Some(Currency::USD)),
            c if c.is_alphabetic() => letters.push(c),
            c if !c.is_whitespace() => return Err(format!("{s:?} is not an amount")),
            _ => {}
        }
    }
    if !letters.is_empty() {
        currency = Some(match letters.as_str() {
            "đ" | "Đ" | "đồng" | "VNĐ" | "VNđ" => Currency::VND,
            "บาท" => Currency::THB,
            "US" if currency == Some(Currency::USD) => Currency::USD,
            code => code
                .to_ascii_uppercase()
                .parse()
                .ok()
                .filter(|_| code.len() == 3)
                .ok_or_else(|| format!("{s:?} is not an amount"))?,
        });
    }
    Ok((negative, currency, rest))
}

/// What one value says about the decimal separator, if anything.
fn evidence(digits: &str) -> Option<char> {
    let last = digits.rfind(['.', ','])?;
    let c = digits[last..].chars().next()?;
    let other = if c == '.' { ',' } else { '.' };
    if digits.contains(other) {
        return Some(c);
    }
    if digits.matches(c).count() > 1 {
        return Some(other);
    }
    let after = digits.len() - last - 1;
    (after != 3).then_some(c)
}

/// The separator style a column's values show.
pub fn column_style<'a>(values: impl Iterator<Item = &'a str>) -> Style {
    Style(
        values
            .filter_map(|v| strip(v).ok())
            .find_map(|(_, _, d)| evidence(&d)),
    )
}

/// Reads an amount (see the module docs). `currency`: the one known from elsewhere, for its
/// minor units.
pub fn parse_amount(s: &str, style: Style, currency: Option<Currency>) -> Result<Amount, String> {
    let (negative, own, digits) = strip(s)?;
    if !digits.bytes().any(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not an amount"));
    }
    let decimal = match evidence(&digits) {
        Some(c) => Some(c),
        None => match digits.rfind(['.', ',']) {
            None => None,
            Some(i) => {
                let c = digits[i..].chars().next().unwrap_or('.');
                let no_minor = currency.or(own).is_some_and(|c| c.minor_units() == 0);
                match style.0 {
                    Some(d) => (d == c).then_some(c),
                    None if no_minor || c == ',' => None,
                    None => Some(c),
                }
            }
        },
    };
    to_amount(s, negative, own, &digits, decimal)
}

/// Reads an amount whose decimal separator is known to be `decimal` (`.` or `,`): the other
/// one only groups digits.
pub fn parse_amount_with(s: &str, decimal: char) -> Result<Amount, String> {
    let (negative, own, digits) = strip(s)?;
    if !digits.bytes().any(|b| b.is_ascii_digit()) || digits.matches(decimal).count() > 1 {
        return Err(format!("{s:?} is not an amount"));
    }
    to_amount(s, negative, own, &digits, Some(decimal))
}

/// The amount of `digits` (signs and currency already stripped from `s`, which errors name):
/// digits kept, `decimal` (if any) read as the decimal point, every other mark dropped.
fn to_amount(
    s: &str,
    negative: bool,
    own: Option<Currency>,
    digits: &str,
    decimal: Option<char>,
) -> Result<Amount, String> {
    let plain: String = digits
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            c if Some(c) == decimal => Some('.'),
            _ => None,
        })
        .collect();
    let mut value =
        redflag_domain::parse_decimal(&plain).map_err(|_| format!("{s:?} is not an amount"))?;
    if negative {
        value.set_sign_negative(true);
    }
    Ok(Amount {
        value,
        currency: own,
    })
}

/// The sum of amounts read one by one: the first error, or `too_large()` when the sum does not
/// fit a decimal (`Decimal`'s `+` and `Sum` panic on overflow).
pub(crate) fn checked_sum(
    mut amounts: impl Iterator<Item = Result<Decimal, String>>,
    too_large: impl Fn() -> String,
) -> Result<Decimal, String> {
    amounts.try_fold(Decimal::ZERO, |sum, amount| {
        sum.checked_add(amount?).ok_or_else(&too_large)
    })
}

/// A plain decimal with `.` or `,` as the separator (`7,5` hours); `None` otherwise.
pub fn parse_plain_decimal(s: &str) -> Option<Decimal> {
    let s = s.trim();
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        || body.bytes().filter(|b| !b.is_ascii_digit()).count() > 1
    {
        return None;
    }
    let mut d = redflag_domain::parse_decimal(&body.replace(',', ".")).ok()?;
    if neg {
        d.set_sign_negative(true);
    }
    Some(d)
}

/// The ISO code in a header such as `Amount (USD)` or `Billable Amount (THB)`.
pub fn header_currency(header: &str) -> Option<Currency> {
    let (_, tail) = header.rsplit_once('(')?;
    tail.trim_end_matches(')')
        .trim()
        .to_ascii_uppercase()
        .parse()
        .ok()
}

/// A currency cell: `USD`, `Euro - EUR` (Harvest), `VND`.
pub fn currency_cell(s: &str) -> Option<Currency> {
    let code = s.rsplit(['-', ' ']).next()?.trim().to_ascii_uppercase();
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str, style: Style, cur: Option<Currency>) -> String {
        let a = parse_amount(s, style, cur).unwrap();
        match a.currency {
            Some(c) => format!("{} {c}", a.value),
            None => a.value.to_string(),
        }
    }

    #[test]
    fn grouping_and_decimals_as_written() {
        let none = Style::default();
        assert_eq!(read("1,500.00", none, None), "1500.00");
        assert_eq!(read("1.500,00", none, None), "1500.00");
        assert_eq!(read("1495.0000", none, None), "1495.0000");
        assert_eq!(read("12.500.000 ₫", none, None), "12500000 VND");
        assert_eq!(read("12,500,000 VND", none, None), "12500000 VND");
        assert_eq!(read("$13.50 ", none, None), "13.50 USD");
        assert_eq!(read("($400.00)", none, None), "-400.00 USD");
        assert_eq!(read("฿1,070.00", none, None), "1070.00 THB");
        assert_eq!(read("1,070.00 บาท", none, None), "1070.00 THB");
        assert_eq!(read("1 500,5", none, None), "1500.5");
        assert_eq!(read("-250", none, None), "-250");
    }

    #[test]
    fn three_digits_after_one_separator_follow_the_column() {
        let comma_decimal = column_style(["1.500,00", "1.500"].into_iter());
        assert_eq!(read("1.500", comma_decimal, None), "1500");
        assert_eq!(read("1,500", comma_decimal, None), "1.500");
        let none = Style::default();
        assert_eq!(read("1,500", none, None), "1500");
        assert_eq!(read("1.500", none, Some(Currency::VND)), "1500");
        assert_eq!(read("1.500", none, None), "1.500");
    }

    #[test]
    fn not_amounts() {
        for s in ["", "abc", "Total", "1.2.3,4,5x", "--", "12 apples"] {
            assert!(parse_amount(s, Style::default(), None).is_err(), "{s}");
        }
        assert_eq!(header_currency("amount (usd)"), Some(Currency::USD));
        assert_eq!(
            currency_cell("Euro - EUR")
                .map(|c| c.to_string())
                .as_deref(),
            Some("EUR")
        );
        assert_eq!(
            parse_plain_decimal("7,5").map(|d| d.to_string()).as_deref(),
            Some("7.5")
        );
    }
}
