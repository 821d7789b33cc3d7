//! Flags for clients (and former clients), at the edges of every default threshold.

mod common;

use common::*;
use redflag_domain::FlagId::*;
use redflag_domain::Signal as S;
use redflag_domain::*;

// ---- exploitative-terms, fear-tactics, blame-shifting, undervalues-work ----

#[test]
fn exploitative_terms_need_both_signals_in_the_last_ninety_days() {
    for (oldest, expect) in [(89, Some(Severity::High)), (90, None)] {
        let mut c = P::client("c");
        let a = c.inbound(&ago(oldest, "10:00"), &[S::DiscountRequest]);
        let b = c.inbound(&ago(2, "10:00"), &[S::AvailabilityDemand]);
        let r = one(&c);
        assert_eq!(
            sev(&r, ExploitativeTerms),
            expect,
            "discount {oldest} days ago"
        );
        if expect.is_some() {
            assert_eq!(evidence(&r, ExploitativeTerms), vec![a, b]);
        }
    }
    let mut p = P::prospect("p");
    p.inbound(
        &ago(3, "10:00"),
        &[S::DiscountRequest, S::AvailabilityDemand],
    );
    assert_eq!(sev(&one(&p), ExploitativeTerms), None, "a client flag");
}

#[test]
fn one_threat_is_fear_tactics_for_clients_and_former_clients() {
    for mut c in [P::client("c"), P::former("f")] {
        let t = c.inbound(&ago(500, "10:00"), &[S::Threat]);
        let r = one(&c);
        assert_eq!(sev(&r, FearTactics), Some(Severity::High));
        assert_eq!(evidence(&r, FearTactics), vec![t]);
        assert_eq!(r.recommendation, Recommendation::Talk);
    }
}

#[test]
fn blame_shifting_is_two_blame_signals_and_undervaluing_two_minimising_ones() {
    let mut c = P::client("c");
    c.inbound(&ago(3, "10:00"), &[S::Blame, S::EffortMinimizing]);
    let r = one(&c);
    assert_eq!(sev(&r, BlameShifting), None);
    assert_eq!(sev(&r, UndervaluesWork), None);
    c.inbound(&ago(2, "10:00"), &[S::Blame, S::EffortMinimizing]);
    let r = one(&c);
    assert_eq!(sev(&r, BlameShifting), Some(Severity::Medium));
    assert_eq!(sev(&r, UndervaluesWork), Some(Severity::Low));
    assert_eq!(
        r.recommendation,
        Recommendation::Watch,
        "one medium, one low"
    );
}

// ---- late-payment ----

/// Invoices due `due_ago` days ago, paid `paid_after` days after due (None: unpaid).
fn invoices(list: &[(i64, Option<i64>)]) -> P {
    let mut c = P::client("c");
    for (k, (due_ago, paid_after)) in list.iter().enumerate() {
        let id = format!("INV-{k}");
        c.invoice(
            &id,
            &ago(due_ago + 30, "09:00"),
            &ago_date(*due_ago),
            money("100", "USD"),
        );
        if let Some(after) = paid_after {
            c.payment(&ago(due_ago - after, "09:00"), &id, money("100", "USD"));
        }
    }
    c
}

#[test]
fn late_payment_counts_invoices_paid_more_than_seven_days_late() {
    let on_time = (200, Some(0));
    for (days_late, expect) in [(7, None), (8, Some(Severity::Medium))] {
        let c = invoices(&[
            on_time,
            (150, Some(days_late)),
            (100, Some(days_late)),
            on_time,
        ]);
        let r = one(&c);
        assert_eq!(
            sev(&r, LatePayment),
            expect,
            "two invoices {days_late} days late"
        );
        if expect.is_some() {
            assert_eq!(evidence(&r, LatePayment), ids(&["INV-1", "INV-2"]));
            assert_eq!(
                r.flag(LatePayment).unwrap().explanation,
                "2 of the last 4 invoices were paid more than 7 days late."
            );
        }
    }
    let three = invoices(&[(200, Some(8)), (150, Some(9)), (100, Some(20))]);
    assert_eq!(sev(&one(&three), LatePayment), Some(Severity::High));
}

#[test]
fn only_the_last_six_invoices_count_for_lateness() {
    let mut list = vec![(300, Some(20)), (290, Some(20))];
    list.extend([(200, Some(0)); 6]);
    assert_eq!(sev(&one(&invoices(&list)), LatePayment), None);
    let mut list = vec![(300, Some(20))];
    list.extend([(200, Some(0)); 4]);
    list.push((100, Some(20)));
    assert_eq!(
        sev(&one(&invoices(&list)), LatePayment),
        Some(Severity::Medium)
    );
}

#[test]
fn an_unpaid_invoice_is_flagged_past_thirty_days_and_high_at_sixty() {
    for (overdue, expect) in [
        (30, None),
        (31, Some(Severity::Medium)),
        (59, Some(Severity::Medium)),
        (60, Some(Severity::High)),
    ] {
        let c = invoices(&[(overdue, None)]);
        let r = one(&c);
        assert_eq!(sev(&r, LatePayment), expect, "{overdue} days overdue");
        if expect.is_some() {
            assert!(
                r.flag(LatePayment)
                    .unwrap()
                    .explanation
                    .contains(&format!("INV-0 is {overdue} days overdue")),
                "{}",
                r.flag(LatePayment).unwrap().explanation
            );
        }
    }
}

#[test]
fn an_invoice_still_unpaid_past_due_counts_as_late() {
    // Paid 8 days late, plus one unpaid 3 days past due: 2 late among the last 6.
    let c = invoices(&[(100, Some(8)), (3, None)]);
    let r = one(&c);
    assert_eq!(sev(&r, LatePayment), Some(Severity::Medium));
    assert_eq!(evidence(&r, LatePayment), ids(&["INV-0", "INV-1"]));
    // Not yet due: not late.
    let c = invoices(&[(100, Some(8)), (0, None)]);
    assert_eq!(sev(&one(&c), LatePayment), None);
}

#[test]
fn void_invoices_and_payments_after_the_as_of_date_are_ignored() {
    let mut c = P::client("c");
    c.void_invoice(
        "V-1",
        &ago(200, "09:00"),
        &ago_date(170),
        money("100", "USD"),
    );
    assert_eq!(sev(&one(&c), LatePayment), None);
    c.invoice(
        "I-1",
        &ago(100, "09:00"),
        &ago_date(70),
        money("100", "USD"),
    );
    c.payment("2025-07-01T09:00:00+07:00", "I-1", money("100", "USD"));
    let r = one(&c);
    assert_eq!(
        sev(&r, LatePayment),
        Some(Severity::High),
        "70 days overdue on the as-of date"
    );
    assert_eq!(evidence(&r, LatePayment), ids(&["I-1"]));
}

#[test]
fn bare_date_payments_count_on_their_day() {
    let mut c = P::client("c");
    for (k, late) in [8, 8].iter().enumerate() {
        let id = format!("B-{k}");
        c.invoice(
            &id,
            &ago_date(100 + k as i64),
            &ago_date(60 + k as i64),
            money("100", "USD"),
        );
        c.payment(&ago_date(60 + k as i64 - late), &id, money("100", "USD"));
    }
    assert_eq!(sev(&one(&c), LatePayment), Some(Severity::Medium));
}

#[test]
fn an_advance_request_is_late_payment() {
    let mut c = P::client("c");
    let m = c.inbound(&ago(3, "10:00"), &[S::AdvanceRequest]);
    let r = one(&c);
    assert_eq!(sev(&r, LatePayment), Some(Severity::Medium));
    assert_eq!(evidence(&r, LatePayment), vec![m]);
}

// ---- disrespects-time ----

#[test]
fn disrespects_time_is_three_rushes_creeps_or_missed_meetings_in_ninety_days() {
    let mut c = P::client("c");
    c.inbound(&ago(10, "10:00"), &[S::RushDemand]);
    c.meeting(&ago(9, "10:00"), MeetingStatus::NoShow, Some(Side::Us));
    c.meeting(
        &ago(8, "10:00"),
        MeetingStatus::Cancelled,
        Some(Side::Party),
    );
    c.inbound(&ago(90, "10:00"), &[S::ScopeCreep]); // outside the window
    assert_eq!(sev(&one(&c), DisrespectsTime), None);
    c.meeting(&ago(7, "10:00"), MeetingStatus::NoShow, Some(Side::Party));
    assert_eq!(sev(&one(&c), DisrespectsTime), None, "two so far");
    c.inbound(&ago(89, "10:00"), &[S::ScopeCreep]);
    let r = one(&c);
    assert_eq!(sev(&r, DisrespectsTime), Some(Severity::Medium));
    assert_eq!(evidence(&r, DisrespectsTime).len(), 3);
}

// ---- rate-stagnation ----

#[test]
fn a_refused_rate_or_a_pushback_is_rate_stagnation() {
    let mut c = P::client("c");
    let rate = c.rate(&ago(40, "10:00"), money("100", "USD"), RateStatus::Refused);
    let r = one(&c);
    assert_eq!(sev(&r, RateStagnation), Some(Severity::Medium));
    assert_eq!(evidence(&r, RateStagnation), vec![rate]);
    let mut c = P::client("c");
    c.rate(&ago(40, "10:00"), money("100", "USD"), RateStatus::Accepted);
    assert_eq!(sev(&one(&c), RateStagnation), None);
    c.inbound(&ago(39, "10:00"), &[S::RatePushback]);
    assert_eq!(sev(&one(&c), RateStagnation), Some(Severity::Medium));
}

fn earning(revenue: &str, minutes: u32, since_days: i64) -> P {
    let mut c = P::client("c");
    c.time(&ago(since_days, "10:00"), 0, true, Activity::Admin, &[]);
    c.time(&ago(30, "10:00"), minutes, true, Activity::Delivery, &[]);
    c.invoice(
        "R-1",
        &ago(20, "10:00"),
        &ago_date(0),
        money(revenue, "USD"),
    );
    c.payment(&ago(1, "10:00"), "R-1", money(revenue, "USD"));
    c
}

#[test]
fn an_effective_rate_below_eighty_percent_of_standard_for_six_months_is_rate_stagnation() {
    // Standard 50/h: 80% is 40/h; 10 hours.
    assert_eq!(sev(&one(&earning("400", 600, 200)), RateStagnation), None);
    let r = one(&earning("399.99", 600, 200));
    assert_eq!(sev(&r, RateStagnation), Some(Severity::Medium));
    assert!(evidence(&r, RateStagnation).contains(&"R-1".to_string()));
    // Too few hours to judge, or a relationship younger than six months.
    assert_eq!(sev(&one(&earning("100", 599, 200)), RateStagnation), None);
    assert_eq!(sev(&one(&earning("100", 600, 100)), RateStagnation), None);
}

// ---- discount-pressure ----

#[test]
fn discount_pressure_is_medium_at_two_and_high_at_four_in_180_days() {
    for (n, expect) in [
        (1, None),
        (2, Some(Severity::Medium)),
        (3, Some(Severity::Medium)),
        (4, Some(Severity::High)),
    ] {
        let mut c = P::client("c");
        for k in 0..n {
            let s = if k % 2 == 0 {
                S::DiscountRequest
            } else {
                S::FreeWorkRequest
            };
            c.inbound(&ago(179 - k as i64 * 10, "10:00"), &[s]);
        }
        c.inbound(&ago(180, "10:00"), &[S::DiscountRequest]); // one day too old
        assert_eq!(sev(&one(&c), DiscountPressure), expect, "{n} requests");
    }
}

// ---- price-shopper ----

#[test]
fn price_shopper_is_seventy_percent_of_at_least_three_orders_discounted() {
    for (discounted, total, expect) in [
        (2, 2, None),
        (2, 3, None),
        (3, 3, Some(Severity::Low)),
        (6, 10, None),
        (7, 10, Some(Severity::Low)),
    ] {
        let mut c = P::client("c");
        for k in 0..total {
            let discount = if k < discounted { Some("5") } else { Some("0") };
            c.order(&ago(10 + k as i64, "10:00"), money("100", "USD"), discount);
        }
        let r = one(&c);
        assert_eq!(sev(&r, PriceShopper), expect, "{discounted} of {total}");
        if expect.is_some() {
            assert_eq!(evidence(&r, PriceShopper).len(), discounted);
        }
    }
}

// ---- non-adoption ----

#[test]
fn non_adoption_is_no_active_use_in_sixty_days_of_a_paid_subscription() {
    for (last_use, expect) in [
        (None, Some(Severity::Low)),
        (Some(59), None),
        (Some(60), Some(Severity::Low)),
    ] {
        let mut c = P::client("c");
        let sub = c.subscription(&ago(200, "10:00"), None, "Analytics");
        if let Some(d) = last_use {
            c.usage(&ago(d, "10:00"), "analytics", true);
        }
        c.usage(&ago(5, "10:00"), "Analytics", false);
        let r = one(&c);
        assert_eq!(sev(&r, NonAdoption), expect, "last active use {last_use:?}");
        if expect.is_some() {
            assert_eq!(evidence(&r, NonAdoption)[0], sub);
        }
    }
}

#[test]
fn an_ended_or_brand_new_subscription_is_not_non_adoption() {
    let mut c = P::client("c");
    c.subscription(&ago(200, "10:00"), Some(&ago_date(10)), "Analytics");
    c.subscription(&ago(30, "10:00"), None, "Reports");
    assert_eq!(sev(&one(&c), NonAdoption), None);
}

// ---- pays-only-committed ----

#[test]
fn extra_work_older_than_sixty_days_must_be_invoiced() {
    for (age, expect) in [(60, None), (61, Some(Severity::Medium))] {
        let mut c = P::client("c");
        let t = c.time(
            &ago(age, "10:00"),
            600,
            true,
            Activity::Delivery,
            &["extra"],
        );
        c.time(
            &ago(age, "11:00"),
            600,
            false,
            Activity::Delivery,
            &["extra"],
        );
        c.time(&ago(age, "12:00"), 600, true, Activity::Delivery, &[]);
        let r = one(&c);
        assert_eq!(sev(&r, PaysOnlyCommitted), expect, "{age} days old");
        if expect.is_some() {
            assert_eq!(evidence(&r, PaysOnlyCommitted), vec![t]);
        }
    }
}

#[test]
fn extra_invoices_cover_extra_work_at_the_standard_rate() {
    // 10 h x 50 = 500.
    for (invoiced, expect) in [("500", None), ("499", Some(Severity::Medium))] {
        let mut c = P::client("c");
        c.time(
            &ago(100, "10:00"),
            600,
            true,
            Activity::Delivery,
            &["extra"],
        );
        c.invoice_tagged(
            "X-1",
            &ago(50, "10:00"),
            &ago_date(20),
            money(invoiced, "USD"),
            &["extra"],
        );
        c.invoice(
            "N-1",
            &ago(50, "10:00"),
            &ago_date(20),
            money("5000", "USD"),
        );
        assert_eq!(
            sev(&one(&c), PaysOnlyCommitted),
            expect,
            "invoiced {invoiced}"
        );
    }
}

// ---- staff-drain ----

#[test]
fn staff_drain_is_two_reporters_in_ninety_days() {
    let mut c = P::client("c");
    c.incident(&ago(10, "10:00"), "Lan", IncidentCategory::Other, false);
    c.incident(
        &ago(9, "10:00"),
        " lan ",
        IncidentCategory::Harassment,
        false,
    );
    c.incident(&ago(90, "10:00"), "Minh", IncidentCategory::Threat, false);
    assert_eq!(
        sev(&one(&c), StaffDrain),
        None,
        "one reporter in the window"
    );
    let m = c.incident(&ago(89, "10:00"), "Minh", IncidentCategory::Threat, false);
    let r = one(&c);
    assert_eq!(sev(&r, StaffDrain), Some(Severity::High));
    assert_eq!(evidence(&r, StaffDrain)[0], m, "in time order");
}

#[test]
fn staff_drain_is_a_communication_share_above_thirty_percent() {
    for (comm, expect) in [(30, None), (31, Some(Severity::High))] {
        let mut c = P::client("c");
        c.time(
            &ago(400, "10:00"),
            comm,
            false,
            Activity::Communication,
            &[],
        );
        c.time(&ago(10, "10:00"), 100 - comm, true, Activity::Delivery, &[]);
        assert_eq!(sev(&one(&c), StaffDrain), expect, "{comm}% communication");
    }
}

// ---- excessive-contact ----

fn with_contacts(id: &str, n: usize) -> P {
    let mut c = P::client(id);
    for k in 0..n {
        c.call_in(&ago((k % 30) as i64, "10:00"), 30);
    }
    c
}

#[test]
fn excessive_contact_is_three_times_the_median_and_ten_a_week() {
    let others: Vec<P> = ["a", "b", "c"]
        .iter()
        .map(|id| with_contacts(id, 15))
        .collect();
    for (n, expect) in [
        (44, None),
        (45, Some(Severity::Medium)),
        (74, Some(Severity::Medium)),
        (75, Some(Severity::High)),
    ] {
        let heavy = with_contacts("z", n);
        let mut all: Vec<&P> = others.iter().collect();
        all.push(&heavy);
        let review = review(&all);
        let z = review.party("z").unwrap();
        assert_eq!(
            sev(z, ExcessiveContact),
            expect,
            "{n} contacts against a median of 15"
        );
        if expect.is_some() {
            assert_eq!(evidence(z, ExcessiveContact).len(), n);
        }
        assert_eq!(sev(review.party("a").unwrap(), ExcessiveContact), None);
    }
}

#[test]
fn excessive_contact_needs_ten_contacts_a_week_whatever_the_median() {
    // Median 14: 3x is 42 contacts, but 42 in 30 days is 9.8 a week.
    let others: Vec<P> = ["a", "b", "c"]
        .iter()
        .map(|id| with_contacts(id, 14))
        .collect();
    for (n, expect) in [(42, None), (43, Some(Severity::Medium))] {
        let heavy = with_contacts("z", n);
        let mut all: Vec<&P> = others.iter().collect();
        all.push(&heavy);
        let review = review(&all);
        assert_eq!(
            sev(review.party("z").unwrap(), ExcessiveContact),
            expect,
            "{n}"
        );
    }
}

#[test]
fn prospects_and_quiet_clients_do_not_count_in_the_contact_median() {
    let busy_prospect = with_contacts("p", 100);
    let mut busy_prospect = busy_prospect;
    busy_prospect.party.role = Role::Prospect;
    let quiet = P::client("q"); // no contact: not active
    let a = with_contacts("a", 15);
    let z = with_contacts("z", 45);
    let review = review(&[&busy_prospect, &quiet, &a, &z]);
    // Median of active clients [15, 45] is 30: 45 is not 3x.
    assert_eq!(sev(review.party("z").unwrap(), ExcessiveContact), None);
    assert_eq!(sev(review.party("p").unwrap(), ExcessiveContact), None);
}

// ---- low-profitability ----

fn paid(id: &str, revenue: &str, minutes: u32) -> P {
    let mut c = P::client(id);
    c.time(&ago(100, "10:00"), minutes, true, Activity::Delivery, &[]);
    c.invoice(
        &format!("{id}-inv"),
        &ago(90, "10:00"),
        &ago_date(60),
        money(revenue, "USD"),
    );
    c.payment(
        &ago(60, "10:00"),
        &format!("{id}-inv"),
        money(revenue, "USD"),
    );
    c
}

#[test]
fn low_profitability_is_below_sixty_percent_of_the_workspace_median() {
    // Others earn 100/h over 10 h; the median of [100, 100, 100, x] is 100.
    let others: Vec<P> = ["a", "b", "c"]
        .iter()
        .map(|id| paid(id, "1000", 600))
        .collect();
    for (revenue, minutes, expect) in [
        ("600", 600, None),
        ("599.99", 600, Some(Severity::Medium)),
        ("100", 599, None), // under 10 hours
    ] {
        let z = paid("z", revenue, minutes);
        let mut all: Vec<&P> = others.iter().collect();
        all.push(&z);
        let review = review(&all);
        let zr = review.party("z").unwrap();
        assert_eq!(
            sev(zr, LowProfitability),
            expect,
            "{revenue} over {minutes} min"
        );
        if expect.is_some() {
            assert_eq!(evidence(zr, LowProfitability), ids(&["z-time-1", "z-inv"]));
            assert_eq!(zr.economics.workspace_median_rate, Some(dec("100.00")));
        }
    }
}

#[test]
fn hours_and_revenue_older_than_twelve_months_do_not_count() {
    let others: Vec<P> = ["a", "b", "c"]
        .iter()
        .map(|id| paid(id, "1000", 600))
        .collect();
    let mut z = P::client("z");
    z.time(&ago(365, "10:00"), 6000, true, Activity::Delivery, &[]); // 2024-06-30: outside
    z.time(&ago(364, "10:00"), 600, true, Activity::Delivery, &[]); // 2024-07-01: inside
    z.invoice(
        "z-inv",
        &ago(100, "10:00"),
        &ago_date(70),
        money("1000", "USD"),
    );
    let mut all: Vec<&P> = others.iter().collect();
    all.push(&z);
    let review = review(&all);
    let zr = review.party("z").unwrap();
    assert_eq!(sev(zr, LowProfitability), None);
    assert_eq!(zr.economics.hours_12m, 10.0);
    assert_eq!(zr.economics.effective_hourly_rate, Some(dec("100.00")));
}

// ---- roles ----

#[test]
fn client_flags_never_apply_to_prospects_and_prospect_flags_never_to_clients() {
    let mut p = P::prospect("p");
    let mut c = P::client("c");
    for x in [&mut p, &mut c] {
        x.inbound(
            &ago(3, "10:00"),
            &[S::Blame, S::ThirdParty, S::AdvanceRequest],
        );
        x.inbound(
            &ago(2, "10:00"),
            &[S::Blame, S::DiscountRequest, S::PaymentStall],
        );
    }
    let pr = one(&p);
    let cr = one(&c);
    for f in &pr.flags {
        assert!(
            redflag_rules::applies_to(f.id, Role::Prospect),
            "{} on a prospect",
            f.id
        );
    }
    for f in &cr.flags {
        assert!(
            redflag_rules::applies_to(f.id, Role::Client),
            "{} on a client",
            f.id
        );
    }
    assert!(pr.flag(CannotPay).is_some() && pr.flag(ThirdPartyRequest).is_some());
    assert!(cr.flag(BlameShifting).is_some() && cr.flag(LatePayment).is_some());
}
