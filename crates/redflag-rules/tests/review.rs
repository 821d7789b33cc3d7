//! The review as a whole: as-of cutoff, money, recommendation, score, JSON shape, languages.

mod common;

use common::*;
use redflag_domain::FlagId::*;
use redflag_domain::Signal as S;
use redflag_domain::*;
use redflag_rules::{Policy, Reviewer};

/// A client with something of everything.
fn busy_client() -> P {
    let mut c = P::client("c-017");
    c.inbound(&ago(40, "22:00"), &[S::Threat]);
    c.inbound(&ago(30, "10:00"), &[S::DiscountRequest]);
    c.inbound(&ago(20, "23:00"), &[S::AvailabilityDemand]);
    c.invoice(
        "inv-88",
        &ago(150, "10:00"),
        &ago_date(120),
        money("1000", "USD"),
    );
    c.payment(&ago(100, "10:00"), "inv-88", money("1000", "USD"));
    c.invoice(
        "inv-91",
        &ago(94, "10:00"),
        &ago_date(64),
        money("1000", "USD"),
    );
    c.time(&ago(50, "10:00"), 3000, true, Activity::Delivery, &[]);
    c.time(&ago(49, "10:00"), 600, false, Activity::Communication, &[]);
    c
}

#[test]
fn nothing_after_the_as_of_date_changes_the_review() {
    let base = busy_client();
    let before = review(&[&base]);
    let mut later = busy_client();
    let tomorrow = "2025-07-01T09:00:00+07:00";
    later.inbound(tomorrow, &[S::Abuse]);
    later.inbound(tomorrow, &[S::Abuse]);
    later.payment(tomorrow, "inv-91", money("1000", "USD"));
    later.invoice("inv-99", tomorrow, "2025-07-01", money("5000", "USD"));
    later.inbound("2025-07-01", &[S::Blame, S::Blame]);
    later.inbound("2025-06-30T17:30:00Z", &[S::Blame]); // 00:30 on 1 July in Ho Chi Minh City
    assert_eq!(review(&[&later]), before);
    // One day later, they do count.
    let after = review_with(&Policy::default(), "2025-07-01".parse().unwrap(), &[&later]);
    assert!(after.parties[0].flag(AbusiveConduct).is_some());
}

#[test]
fn a_let_go_client_gets_the_contract_json() {
    let review = review(&[&busy_client()]);
    let json = serde_json::to_value(&review).unwrap();
    assert_eq!(json["as_of"], "2025-06-30");
    let p = &json["parties"][0];
    assert_eq!(p["party"], "c-017");
    assert_eq!(p["name"], "c-017 Ltd");
    assert_eq!(p["role"], "client");
    assert_eq!(p["recommendation"], "let-go");
    assert!(p["score"].as_u64().unwrap() >= 70);
    let flags = p["flags"].as_array().unwrap();
    let ids: Vec<&str> = flags.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["exploitative-terms", "fear-tactics", "late-payment"],
        "high flags first, then catalogue order"
    );
    let late = &flags[2];
    assert_eq!(late["severity"], "high");
    assert_eq!(late["evidence"], serde_json::json!(["inv-88", "inv-91"]));
    assert_eq!(
        late["explanation"],
        "2 of the last 2 invoices were paid more than 7 days late or are still unpaid; inv-91 is 64 days overdue."
    );
    let e = &p["economics"];
    assert_eq!(e["currency"], "USD");
    assert_eq!(e["revenue_share"], 1.0);
    assert_eq!(e["effective_hourly_rate"], "33.33", "2000 over 60 hours");
    assert_eq!(e["hours_per_month"], 5.0);
    assert_eq!(e["revenue_12m"], "2000.00");
    assert!(json["warnings"].as_array().unwrap().is_empty());
}

#[test]
fn amounts_are_converted_and_a_missing_rate_is_a_warning() {
    let mut c = P::client("c");
    c.invoice(
        "thb-1",
        &ago(10, "10:00"),
        &ago_date(0),
        money("3600", "THB"),
    );
    c.invoice("eur-1", &ago(9, "10:00"), &ago_date(0), money("100", "EUR"));
    c.invoice("eur-2", &ago(8, "10:00"), &ago_date(0), money("100", "EUR"));
    c.time(&ago(10, "10:00"), 60, true, Activity::Delivery, &[]);
    let mut d = P::client("d");
    d.invoice(
        "usd-1",
        &ago(10, "10:00"),
        &ago_date(0),
        money("300", "USD"),
    );
    let policy = Policy::from_toml("[rates]\nTHB = \"0.025\"\n").unwrap();
    let review = review_with(&policy, as_of(), &[&c, &d]);
    let cr = review.party("c").unwrap();
    assert_eq!(
        cr.economics.revenue_12m,
        dec("90.00"),
        "3600 THB x 0.025; EUR left out"
    );
    assert_eq!(cr.economics.revenue_share, 0.2308, "90 of 390");
    assert_eq!(review.warnings.len(), 1);
    let w = &review.warnings[0];
    assert_eq!(w.code, "missing-rate");
    assert_eq!(w.currency, Some("EUR".parse().unwrap()));
    assert_eq!(w.count, 2);
    assert_eq!(w.examples, ids(&["eur-1", "eur-2"]));
}

#[test]
fn vnd_amounts_keep_no_minor_units() {
    let policy =
        Policy::from_toml("[workspace]\ncurrency = \"VND\"\nstandard-rate = 500000\n").unwrap();
    let mut c = P::client("c");
    c.invoice(
        "v-1",
        &ago(10, "10:00"),
        &ago_date(0),
        money("10000000", "VND"),
    );
    c.time(&ago(10, "10:00"), 180, true, Activity::Delivery, &[]);
    let r = one_with(&policy, &c);
    assert_eq!(
        r.economics.effective_hourly_rate.unwrap().to_string(),
        "3333333"
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["economics"]["effective_hourly_rate"], "3333333");
    assert_eq!(json["economics"]["currency"], "VND");
}

#[test]
fn the_recommendation_follows_the_table_of_flags_md() {
    // (signals of inbound messages on a client, expected recommendation)
    let cases: Vec<(Vec<Vec<Signal>>, Recommendation)> = vec![
        (vec![], Recommendation::Keep),
        (
            vec![vec![S::EffortMinimizing], vec![S::EffortMinimizing]],
            Recommendation::Keep,
        ),
        (vec![vec![S::GuaranteeDemand]], Recommendation::Watch),
        (
            vec![vec![S::GuaranteeDemand], vec![S::UnrealisticExpectation]],
            Recommendation::Talk,
        ),
        (vec![vec![S::Threat]], Recommendation::Talk),
        (
            vec![vec![S::Threat], vec![S::GuaranteeDemand]],
            Recommendation::Talk,
        ),
        (
            vec![vec![S::Threat], vec![S::Abuse], vec![S::Abuse]],
            Recommendation::LetGo,
        ),
        (
            vec![
                vec![S::GuaranteeDemand],
                vec![S::GuaranteeDemand],
                vec![S::Abuse],
                vec![S::Abuse],
            ],
            Recommendation::LetGo,
        ),
    ];
    for (msgs, expect) in cases {
        let mut c = P::client("c");
        let mut p = P::prospect("p");
        for (k, sigs) in msgs.iter().enumerate() {
            c.inbound(&ago(10 + k as i64, "10:00"), sigs);
            p.inbound(&ago(10 + k as i64, "10:00"), sigs);
        }
        assert_eq!(one(&c).recommendation, expect, "client {msgs:?}");
        let prospect_expect = match expect {
            Recommendation::LetGo => Recommendation::Decline,
            // fear-tactics is a client flag; a prospect's threat is a boundary violation.
            other => other,
        };
        if !msgs.iter().flatten().any(|s| *s == S::Threat) {
            assert_eq!(one(&p).recommendation, prospect_expect, "prospect {msgs:?}");
        }
    }
}

#[test]
fn scores_rise_with_the_recommendation_and_stay_within_0_to_100() {
    let mut last = 0;
    let mut c = P::client("c");
    let steps: Vec<(Vec<Signal>, Recommendation)> = vec![
        (vec![S::EffortMinimizing, S::Blame], Recommendation::Keep),
        (vec![S::EffortMinimizing], Recommendation::Keep),
        (vec![S::Blame], Recommendation::Watch),
        (vec![S::UnrealisticExpectation], Recommendation::Talk),
        (vec![S::GuaranteeDemand], Recommendation::Talk),
        (vec![S::Threat], Recommendation::Talk),
        (vec![S::GuaranteeDemand], Recommendation::LetGo),
        (vec![S::Abuse, S::Abuse], Recommendation::LetGo),
        (
            vec![
                S::AdvanceRequest,
                S::RatePushback,
                S::DiscountRequest,
                S::AvailabilityDemand,
            ],
            Recommendation::LetGo,
        ),
    ];
    assert_eq!(one(&c).score, 0, "no flag, no score");
    for (k, (sigs, expect)) in steps.into_iter().enumerate() {
        for s in sigs {
            c.inbound(&ago(10 + k as i64, "10:00"), &[s]);
        }
        let r = one(&c);
        assert_eq!(r.recommendation, expect, "step {k}");
        assert!(r.score >= last, "step {k}: {} after {last}", r.score);
        assert!(r.score <= 100);
        last = r.score;
    }
    assert!(last >= 70);
}

#[test]
fn parties_are_sorted_by_score_then_id() {
    let mut a = P::client("a");
    a.inbound(&ago(3, "10:00"), &[S::GuaranteeDemand]);
    let b = P::client("b");
    let mut c = P::client("c");
    c.inbound(&ago(3, "10:00"), &[S::Threat]);
    let mut d = P::client("d");
    d.inbound(&ago(3, "10:00"), &[S::GuaranteeDemand]);
    let order: Vec<String> = review(&[&b, &d, &a, &c])
        .parties
        .iter()
        .map(|p| p.party.to_string())
        .collect();
    assert_eq!(order, ["c", "a", "d", "b"]);
}

#[test]
fn evidence_is_de_duplicated_and_in_time_order() {
    let mut p = P::prospect("p");
    let later = p.inbound(&ago(3, "10:00"), &[S::DiscountRequest, S::BarterOffer]);
    let earlier = p.inbound(&ago(9, "10:00"), &[S::PaymentStall]);
    let r = one(&p);
    assert_eq!(sev(&r, CannotPay), Some(Severity::High));
    assert_eq!(evidence(&r, CannotPay), vec![earlier, later]);
}

#[test]
fn explanations_come_in_the_policys_language_with_the_numbers() {
    let c = invoices_late();
    let en = one(&c);
    let vi = one_with(
        &Policy::from_toml("[workspace]\nlanguage = \"vi\"\n").unwrap(),
        &c,
    );
    let th = one_with(
        &Policy::from_toml("[workspace]\nlanguage = \"th\"\n").unwrap(),
        &c,
    );
    let (en, vi, th) = (
        &en.flag(LatePayment).unwrap().explanation,
        &vi.flag(LatePayment).unwrap().explanation,
        &th.flag(LatePayment).unwrap().explanation,
    );
    assert_eq!(
        en,
        "3 of the last 6 invoices were paid more than 7 days late or are still unpaid; INV-91 is 64 days overdue."
    );
    assert!(
        vi.contains("hóa đơn") && vi.contains("64 ngày") && vi.contains("INV-91"),
        "{vi}"
    );
    assert!(
        th.contains("ใบแจ้งหนี้") && th.contains("64 วัน") && th.contains("INV-91"),
        "{th}"
    );
}

fn invoices_late() -> P {
    let mut c = P::client("c");
    for (k, (due_ago, late)) in [(300, 0), (250, 0), (200, 10), (150, 0), (100, 12)]
        .iter()
        .enumerate()
    {
        let id = format!("INV-{k}");
        c.invoice(
            &id,
            &ago(due_ago + 30, "09:00"),
            &ago_date(*due_ago),
            money("100", "USD"),
        );
        c.payment(&ago(due_ago - late, "09:00"), &id, money("100", "USD"));
    }
    c.invoice(
        "INV-91",
        &ago(94, "09:00"),
        &ago_date(64),
        money("100", "USD"),
    );
    c
}

#[test]
fn every_flag_explains_itself_in_three_languages() {
    // A prospect and a client that raise as many flags as they can.
    let mut p = P::prospect("p");
    p.deal(&ago(100, "10:00"), DealStage::Won, None, Some("logo"));
    p.deal(&ago(90, "10:00"), DealStage::Closed, None, Some("logo"));
    p.deal(
        &ago(80, "10:00"),
        DealStage::VerbalYes,
        Some(money("100", "USD")),
        Some("logo"),
    );
    p.expense(
        &ago(79, "10:00"),
        money("90", "USD"),
        ExpensePurpose::Acquisition,
    );
    p.inbound_text(
        &ago(60, "23:00"),
        &[
            S::ThirdParty,
            S::Threat,
            S::GuaranteeDemand,
            S::UnrealisticExpectation,
            S::Abuse,
            S::Abuse,
        ],
        "Do it for my husband, guarantee the result, or I post a review on Facebook.",
    );
    p.inbound(
        &ago(59, "23:00"),
        &[
            S::DiscountRequest,
            S::BarterOffer,
            S::Abuse,
            S::IdeaExtraction,
        ],
    );
    p.outbound(&ago(58, "10:00"), &[]);
    let mut c = busy_client();
    for s in [
        S::Blame,
        S::EffortMinimizing,
        S::RushDemand,
        S::ScopeCreep,
        S::RatePushback,
        S::FreeWorkRequest,
    ] {
        c.inbound(&ago(5, "10:00"), &[s]);
        c.inbound(&ago(4, "10:00"), &[s]);
    }
    c.meeting(&ago(3, "10:00"), MeetingStatus::NoShow, Some(Side::Party));
    for k in 0..3 {
        c.order(&ago(10 + k, "10:00"), money("10", "USD"), Some("1"));
    }
    c.subscription(&ago(300, "10:00"), None, "App");
    c.time(
        &ago(200, "10:00"),
        600,
        true,
        Activity::Delivery,
        &["extra"],
    );
    c.incident(&ago(6, "10:00"), "An", IncidentCategory::Other, false);
    c.incident(&ago(6, "11:00"), "Binh", IncidentCategory::Abuse, false);
    for lang in ["en", "vi", "th"] {
        let policy = Policy::from_toml(&format!("[workspace]\nlanguage = \"{lang}\"\n")).unwrap();
        let review = review_with(&policy, as_of(), &[&p, &c]);
        let mut seen = Vec::new();
        for party in &review.parties {
            for f in &party.flags {
                assert!(!f.explanation.trim().is_empty(), "{lang} {}", f.id);
                assert!(
                    f.explanation.chars().any(|ch| ch.is_ascii_digit())
                        || f.id == AlreadyHelped
                        || f.id == NonAdoption,
                    "{lang} {}: {}",
                    f.id,
                    f.explanation
                );
                assert!(!f.evidence.is_empty(), "{lang} {} has evidence", f.id);
                seen.push(f.id);
            }
        }
        seen.sort();
        seen.dedup();
        assert!(seen.len() >= 22, "{lang}: {seen:?}");
    }
}

#[test]
fn a_decision_sets_the_next_review() {
    let mut c = P::client("c");
    assert!(one(&c).review_due, "never reviewed");
    c.decision(
        &ago(100, "10:00"),
        Recommendation::Watch,
        Some("2025-09-01"),
    );
    let r = one(&c);
    let d = r.last_decision.as_ref().unwrap();
    assert_eq!(d.decision, Recommendation::Watch);
    assert_eq!(r.next_review.unwrap().to_string(), "2025-09-01");
    assert!(!r.review_due);
    let mut c = P::client("c");
    c.decision(&ago(400, "10:00"), Recommendation::Keep, None);
    let r = one(&c);
    assert_eq!(r.next_review.unwrap().to_string(), "2025-05-26");
    assert!(r.review_due, "a year has passed");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["last_decision"]["decision"], "keep");
    assert_eq!(json["next_review"], "2025-05-26");
}

#[test]
fn a_party_without_events_is_reviewed_and_kept() {
    let policy = Policy::default();
    let mut r = Reviewer::new(&policy, as_of());
    r.add_party(&P::client("quiet").party, &[]);
    let review = r.finish();
    let q = &review.parties[0];
    assert_eq!((q.score, q.recommendation), (0, Recommendation::Keep));
    assert!(q.flags.is_empty());
    assert_eq!(q.economics.effective_hourly_rate, None);
    assert_eq!(q.economics.revenue_share, 0.0);
}

#[test]
fn a_disabled_flag_is_never_raised() {
    let mut c = P::client("c");
    c.inbound(&ago(3, "10:00"), &[S::Threat]);
    let policy = Policy::from_toml("[fear-tactics]\nenabled = false\n").unwrap();
    let r = one_with(&policy, &c);
    assert!(r.flags.is_empty());
    assert_eq!(r.recommendation, Recommendation::Keep);
}

#[test]
fn thresholds_come_from_the_policy() {
    let mut p = P::prospect("p");
    p.deal(&ago(10, "10:00"), DealStage::ProposalSent, None, None);
    assert_eq!(sev(&one(&p), IdeaExtraction), None);
    let policy = Policy::from_toml("[idea-extraction]\nsilence-days = 10\n").unwrap();
    assert_eq!(
        sev(&one_with(&policy, &p), IdeaExtraction),
        Some(Severity::High)
    );
}
