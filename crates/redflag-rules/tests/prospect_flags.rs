//! Flags for prospects (and the shared ones), at the edges of every default threshold.

mod common;

use common::*;
use redflag_domain::FlagId::*;
use redflag_domain::Signal as S;
use redflag_domain::*;

// ---- idea-extraction ----

#[test]
fn idea_extraction_needs_twenty_one_days_of_silence_after_the_proposal() {
    for (days, expect) in [
        (20, None),
        (21, Some(Severity::High)),
        (40, Some(Severity::High)),
    ] {
        let mut p = P::prospect("p");
        p.inbound(&ago(days + 2, "10:00"), &[]);
        let deal = p.deal(&ago(days, "10:00"), DealStage::ProposalSent, None, None);
        let r = one(&p);
        assert_eq!(sev(&r, IdeaExtraction), expect, "{days} days of silence");
        if expect.is_some() {
            assert_eq!(evidence(&r, IdeaExtraction), vec![deal]);
        }
    }
}

#[test]
fn idea_extraction_from_an_answer_to_an_idea_request_cites_the_request_and_the_answer() {
    let mut p = P::prospect("p");
    let ask = p.inbound(&ago(30, "09:00"), &[S::IdeaExtraction]);
    let answer = p.outbound(&ago(29, "15:00"), &[]);
    let _follow_up = p.outbound(&ago(10, "15:00"), &[]);
    let r = one(&p);
    assert_eq!(sev(&r, IdeaExtraction), Some(Severity::High));
    assert_eq!(evidence(&r, IdeaExtraction), vec![ask, answer]);
    assert!(
        r.flag(IdeaExtraction)
            .unwrap()
            .explanation
            .contains("29 days"),
        "{}",
        r.flag(IdeaExtraction).unwrap().explanation
    );
}

#[test]
fn an_inbound_contact_after_the_proposal_breaks_the_silence() {
    let mut p = P::prospect("p");
    p.deal(&ago(40, "10:00"), DealStage::ProposalSent, None, None);
    p.call_in(&ago(5, "10:00"), 0); // even a missed call is contact
    assert_eq!(sev(&one(&p), IdeaExtraction), None);
}

#[test]
fn a_bare_acknowledgement_after_the_proposal_starts_the_silence_but_does_not_end_it() {
    // Seed 000: they ask what we would do, take the plan, ask for more, say "received", vanish.
    let mut p = P::prospect("p");
    let ask = p.inbound(&ago(60, "09:00"), &[S::IdeaExtraction]);
    let answer = p.outbound(&ago(58, "15:00"), &[]);
    let deal = p.deal(&ago(58, "15:01"), DealStage::ProposalSent, None, None);
    let more = p.inbound(&ago(55, "09:00"), &[S::IdeaExtraction]);
    let detail = p.outbound(&ago(50, "15:00"), &[]);
    for (ack_days_ago, expect) in [(20, None), (21, Some(Severity::High))] {
        let mut q = p.clone();
        q.inbound(&ago(ack_days_ago, "09:00"), &[]);
        let _reminder = q.outbound(&ago(5, "15:00"), &[]);
        let r = one(&q);
        assert_eq!(
            sev(&r, IdeaExtraction),
            expect,
            "ack {ack_days_ago} days ago"
        );
        if expect.is_some() {
            assert_eq!(
                evidence(&r, IdeaExtraction),
                vec![
                    ask.clone(),
                    answer.clone(),
                    deal.clone(),
                    more.clone(),
                    detail.clone()
                ],
                "the asks and every proposal, never our reminder"
            );
        }
    }
}

#[test]
fn an_outbound_message_without_an_idea_request_is_no_proposal() {
    let mut p = P::prospect("p");
    p.inbound(&ago(40, "10:00"), &[]);
    p.outbound(&ago(39, "10:00"), &[]);
    assert_eq!(sev(&one(&p), IdeaExtraction), None);
}

#[test]
fn idea_extraction_is_only_for_prospects() {
    let mut c = P::client("c");
    c.deal(&ago(40, "10:00"), DealStage::ProposalSent, None, None);
    assert_eq!(sev(&one(&c), IdeaExtraction), None);
}

// ---- chronic-stalling ----

#[test]
fn chronic_stalling_counts_postponements_of_every_kind_in_120_days() {
    // (number of postponements, expected severity)
    for (n, expect) in [
        (2, None),
        (3, Some(Severity::Medium)),
        (4, Some(Severity::Medium)),
        (5, Some(Severity::High)),
    ] {
        let mut p = P::prospect("p");
        let kinds = n;
        for k in 0..kinds {
            let at = ago(10 + k as i64 * 10, "10:00");
            match k % 3 {
                0 => p.meeting(&at, MeetingStatus::Rescheduled, Some(Side::Party)),
                1 => p.deal(&at, DealStage::Postponed, None, None),
                _ => p.inbound(&at, &[S::Stalling]),
            };
        }
        assert_eq!(sev(&one(&p), ChronicStalling), expect, "{n} postponements");
    }
}

#[test]
fn the_stalling_window_includes_its_first_day_and_not_the_day_before() {
    for (oldest, expect) in [(119, Some(Severity::Medium)), (120, None)] {
        let mut c = P::client("c");
        c.meeting(
            &ago(oldest, "10:00"),
            MeetingStatus::Cancelled,
            Some(Side::Party),
        );
        c.meeting(&ago(5, "10:00"), MeetingStatus::NoShow, Some(Side::Party));
        c.inbound(&ago(3, "10:00"), &[S::Stalling]);
        assert_eq!(
            sev(&one(&c), ChronicStalling),
            expect,
            "oldest {oldest} days ago"
        );
    }
}

#[test]
fn meetings_we_moved_do_not_count_as_their_stalling() {
    let mut p = P::prospect("p");
    for d in [5, 10, 15] {
        p.meeting(&ago(d, "10:00"), MeetingStatus::Rescheduled, Some(Side::Us));
    }
    p.meeting(&ago(20, "10:00"), MeetingStatus::Held, None);
    assert_eq!(sev(&one(&p), ChronicStalling), None);
}

#[test]
fn a_verbal_yes_waits_sixty_days_for_won() {
    for (days, expect) in [(59, None), (60, Some(Severity::Medium))] {
        let mut p = P::prospect("p");
        let yes = p.deal(&ago(days, "10:00"), DealStage::VerbalYes, None, None);
        let r = one(&p);
        assert_eq!(
            sev(&r, ChronicStalling),
            expect,
            "{days} days after the verbal yes"
        );
        if expect.is_some() {
            assert_eq!(evidence(&r, ChronicStalling), vec![yes]);
        }
    }
}

#[test]
fn a_verbal_yes_won_on_the_sixtieth_day_is_fine_but_on_the_sixty_first_it_stalled() {
    for (won_after, expect) in [(60, None), (61, Some(Severity::Medium))] {
        let mut c = P::client("c");
        c.deal(&ago(100, "10:00"), DealStage::VerbalYes, None, None);
        c.deal(&ago(100 - won_after, "10:00"), DealStage::Won, None, None);
        assert_eq!(
            sev(&one(&c), ChronicStalling),
            expect,
            "won after {won_after}"
        );
    }
}

// ---- costly-acquisition ----

fn costly(expenses: &str, presale_minutes: u32, billable: bool) -> P {
    let mut p = P::prospect("p");
    p.deal(
        &ago(20, "10:00"),
        DealStage::ProposalSent,
        Some(money("1000", "USD")),
        None,
    );
    p.expense(
        &ago(15, "12:00"),
        money(expenses, "USD"),
        ExpensePurpose::Acquisition,
    );
    if presale_minutes > 0 {
        p.time(
            &ago(14, "10:00"),
            presale_minutes,
            billable,
            Activity::PreSale,
            &[],
        );
    }
    p
}

#[test]
fn costly_acquisition_is_above_twenty_percent_and_high_above_fifty() {
    for (exp, expect) in [
        ("200", None),
        ("200.01", Some(Severity::Medium)),
        ("500", Some(Severity::Medium)),
        ("500.01", Some(Severity::High)),
    ] {
        assert_eq!(
            sev(&one(&costly(exp, 0, false)), CostlyAcquisition),
            expect,
            "expenses {exp} on a 1000 deal"
        );
    }
}

#[test]
fn unbilled_pre_sale_hours_count_at_the_standard_rate() {
    // 100 in expenses + 2 h x 50 = 200: exactly 20%, not above.
    assert_eq!(
        sev(&one(&costly("100", 120, false)), CostlyAcquisition),
        None
    );
    // 100 + 2 h 1 min x 50 > 200.
    let p = costly("100", 121, false);
    let r = one(&p);
    assert_eq!(sev(&r, CostlyAcquisition), Some(Severity::Medium));
    assert_eq!(
        evidence(&r, CostlyAcquisition).len(),
        3,
        "deal, expense, time"
    );
    // Billed pre-sale time is paid for.
    assert_eq!(
        sev(&one(&costly("100", 600, true)), CostlyAcquisition),
        None
    );
}

#[test]
fn delivery_expenses_are_not_acquisition_costs() {
    let mut p = P::prospect("p");
    p.deal(
        &ago(20, "10:00"),
        DealStage::Lead,
        Some(money("1000", "USD")),
        None,
    );
    p.expense(
        &ago(15, "12:00"),
        money("900", "USD"),
        ExpensePurpose::Delivery,
    );
    assert_eq!(sev(&one(&p), CostlyAcquisition), None);
}

// ---- abusive-conduct ----

#[test]
fn abuse_needs_two_signals_or_one_incident() {
    let mut p = P::prospect("p");
    p.inbound(&ago(10, "10:00"), &[S::Abuse]);
    p.outbound(&ago(9, "10:00"), &[S::Abuse]); // ours never counts
    assert_eq!(sev(&one(&p), AbusiveConduct), None);
    p.inbound(&ago(8, "10:00"), &[S::Abuse]);
    let r = one(&p);
    assert_eq!(sev(&r, AbusiveConduct), Some(Severity::High));
    assert_eq!(r.recommendation, Recommendation::Talk);

    let mut c = P::client("c");
    let inc = c.incident(&ago(3, "10:00"), "lan", IncidentCategory::Abuse, false);
    let r = one(&c);
    assert_eq!(sev(&r, AbusiveConduct), Some(Severity::High));
    assert_eq!(evidence(&r, AbusiveConduct), vec![inc]);
}

#[test]
fn abuse_after_a_recorded_warning_means_let_go_even_alone() {
    let mut c = P::client("c");
    let warn = c.incident(&ago(20, "10:00"), "lan", IncidentCategory::Other, true);
    let abuse = c.inbound(&ago(5, "10:00"), &[S::Abuse]);
    let r = one(&c);
    assert_eq!(sev(&r, AbusiveConduct), Some(Severity::High));
    assert_eq!(evidence(&r, AbusiveConduct), vec![warn, abuse]);
    assert_eq!(r.recommendation, Recommendation::LetGo);

    let mut p = P::prospect("p");
    p.incident(&ago(20, "10:00"), "lan", IncidentCategory::Abuse, true);
    p.inbound(&ago(5, "10:00"), &[S::Abuse]);
    assert_eq!(one(&p).recommendation, Recommendation::Decline);
}

#[test]
fn abuse_before_the_warning_only_is_a_talk_not_a_let_go() {
    let mut c = P::client("c");
    c.inbound(&ago(30, "10:00"), &[S::Abuse]);
    c.inbound(&ago(29, "10:00"), &[S::Abuse]);
    c.incident(&ago(20, "10:00"), "lan", IncidentCategory::Other, true);
    let r = one(&c);
    assert_eq!(sev(&r, AbusiveConduct), Some(Severity::High));
    assert_eq!(r.recommendation, Recommendation::Talk);
}

// ---- guarantee-demand, unrealistic-expectations, third-party-request ----

#[test]
fn guarantee_demand_is_medium_at_one_and_high_at_two() {
    for (n, expect) in [
        (0, None),
        (1, Some(Severity::Medium)),
        (2, Some(Severity::High)),
    ] {
        let mut p = P::prospect("p");
        for k in 0..n {
            p.inbound(&ago(10 + k, "10:00"), &[S::GuaranteeDemand]);
        }
        p.outbound(&ago(2, "10:00"), &[S::GuaranteeDemand]);
        assert_eq!(sev(&one(&p), GuaranteeDemand), expect, "{n} demands");
    }
}

#[test]
fn unrealistic_expectations_are_medium_for_prospects_and_clients() {
    for mut p in [P::prospect("p"), P::client("c"), P::former("f")] {
        p.inbound(&ago(400, "10:00"), &[S::UnrealisticExpectation]);
        assert_eq!(
            sev(&one(&p), UnrealisticExpectations),
            Some(Severity::Medium)
        );
    }
}

#[test]
fn third_party_requests_are_a_prospect_flag() {
    let mut p = P::prospect("p");
    p.inbound(&ago(1, "10:00"), &[S::ThirdParty]);
    assert_eq!(sev(&one(&p), ThirdPartyRequest), Some(Severity::Medium));
    let mut c = P::client("c");
    c.inbound(&ago(1, "10:00"), &[S::ThirdParty]);
    assert_eq!(sev(&one(&c), ThirdPartyRequest), None);
}

// ---- already-helped ----

#[test]
fn already_helped_is_a_new_request_on_a_resolved_subject() {
    let mut p = P::prospect("p");
    let won = p.deal(&ago(300, "10:00"), DealStage::Won, None, Some("SEO audit"));
    let closed = p.deal(
        &ago(200, "10:00"),
        DealStage::Closed,
        None,
        Some("SEO audit"),
    );
    let again = p.deal(&ago(5, "10:00"), DealStage::Lead, None, Some("seo audit "));
    let r = one(&p);
    assert_eq!(sev(&r, AlreadyHelped), Some(Severity::Low));
    assert_eq!(evidence(&r, AlreadyHelped), vec![won, closed, again]);
    assert_eq!(r.recommendation, Recommendation::Keep);
}

#[test]
fn a_different_subject_or_an_unclosed_engagement_is_not_already_helped() {
    let mut p = P::prospect("p");
    p.deal(&ago(300, "10:00"), DealStage::Won, None, Some("SEO audit"));
    p.deal(&ago(5, "10:00"), DealStage::Lead, None, Some("SEO audit"));
    assert_eq!(sev(&one(&p), AlreadyHelped), None, "never closed");
    let mut q = P::prospect("q");
    q.deal(&ago(300, "10:00"), DealStage::Won, None, Some("SEO audit"));
    q.deal(
        &ago(200, "10:00"),
        DealStage::Closed,
        None,
        Some("SEO audit"),
    );
    q.deal(&ago(5, "10:00"), DealStage::Lead, None, Some("Website"));
    assert_eq!(sev(&one(&q), AlreadyHelped), None, "another subject");
}

#[test]
fn an_inbound_message_tagged_with_a_resolved_subject_is_a_new_request() {
    let mut p = P::prospect("p");
    p.deal(&ago(300, "10:00"), DealStage::Won, None, Some("tax return"));
    p.deal(
        &ago(200, "10:00"),
        DealStage::Closed,
        None,
        Some("tax return"),
    );
    let body = EventBody::Message(Message {
        direction: Direction::In,
        channel: Channel::Email,
        author: None,
        subject: None,
        thread: None,
        text: None,
        signals: SignalSet::EMPTY,
        hits: vec![],
        classifier: None,
    });
    p.push("msg", &ago(3, "10:00"), &["tax return"], body);
    assert_eq!(sev(&one(&p), AlreadyHelped), Some(Severity::Low));
}

// ---- boundary-violation ----

#[test]
fn a_prospects_threat_is_a_boundary_violation_when_it_is_about_going_public() {
    let mut p = P::prospect("p");
    let t = p.inbound_text(
        &ago(3, "10:00"),
        &[S::Threat],
        "Trả lời ngay không thì chị lên mạng bóc phốt bên em.",
    );
    let r = one(&p);
    assert_eq!(sev(&r, BoundaryViolation), Some(Severity::High));
    assert_eq!(evidence(&r, BoundaryViolation), vec![t]);
    assert_eq!(sev(&r, FearTactics), None, "fear-tactics is a client flag");
}

#[test]
fn a_threat_whose_words_are_not_loaded_is_no_boundary_violation() {
    // The review loads the text of signalled messages; without it there is nothing to read
    // and no guessing from the role.
    let mut p = P::prospect("p");
    p.inbound(&ago(3, "10:00"), &[S::Threat]);
    assert_eq!(sev(&one(&p), BoundaryViolation), None);
}

#[test]
fn a_clients_threat_is_fear_tactics_and_a_boundary_violation_only_when_public() {
    let mut c = P::client("c");
    c.inbound_text(
        &ago(3, "10:00"),
        &[S::Threat],
        "Fix it tonight or you're fired.",
    );
    let r = one(&c);
    assert_eq!(sev(&r, FearTactics), Some(Severity::High));
    assert_eq!(sev(&r, BoundaryViolation), None);
    assert_eq!(r.recommendation, Recommendation::Talk);

    let mut c = P::client("c");
    c.inbound_text(
        &ago(3, "10:00"),
        &[S::Threat],
        "Fix it or I will post a one-star review on Facebook.",
    );
    let r = one(&c);
    assert_eq!(sev(&r, BoundaryViolation), Some(Severity::High));
    assert_eq!(
        r.recommendation,
        Recommendation::LetGo,
        "fear-tactics + another high"
    );

    let mut c = P::client("c");
    c.inbound_text(
        &ago(3, "10:00"),
        &[S::Threat],
        "Tôi sẽ bóc phốt lên mạng xã hội.",
    );
    assert_eq!(sev(&one(&c), BoundaryViolation), Some(Severity::High));
}

#[test]
fn after_hours_contact_with_availability_demands_is_a_boundary_violation() {
    let mut p = P::prospect("p");
    for d in 1..=5 {
        p.inbound(&ago(d, "22:00"), &[]);
    }
    let demand = p.inbound(&ago(6, "10:00"), &[S::AvailabilityDemand]);
    let r = one(&p);
    assert_eq!(sev(&r, AfterHoursContact), Some(Severity::High));
    assert_eq!(sev(&r, BoundaryViolation), Some(Severity::High));
    assert!(evidence(&r, BoundaryViolation).contains(&demand));
    assert_eq!(r.recommendation, Recommendation::Decline);
}

// ---- after-hours-contact ----

fn contacts(after: usize, inside: usize) -> P {
    let mut p = P::client("c");
    for k in 0..after {
        p.inbound(&ago(1 + (k % 80) as i64, "21:30"), &[]);
    }
    for k in 0..inside {
        p.call_in(&ago(workday(k), "10:00"), 120);
    }
    p
}

#[test]
fn after_hours_contact_is_thirty_percent_of_at_least_five_contacts() {
    for (after, inside, expect) in [
        (4, 0, None),                     // too few contacts
        (2, 8, None),                     // 20%
        (3, 7, Some(Severity::Medium)),   // 30%
        (29, 71, None),                   // 29%
        (30, 70, Some(Severity::Medium)), // 30%
        (49, 51, Some(Severity::Medium)), // 49%
        (50, 50, Some(Severity::High)),   // 50%
        (5, 0, Some(Severity::High)),     // 100%
    ] {
        let r = one(&contacts(after, inside));
        assert_eq!(
            sev(&r, AfterHoursContact),
            expect,
            "{after} after, {inside} inside"
        );
        if expect.is_some() {
            assert_eq!(evidence(&r, AfterHoursContact).len(), after);
        }
    }
}

#[test]
fn business_hours_end_at_six_and_weekends_are_after_hours() {
    // 2025-06-28 is a Saturday; 2025-06-27 a Friday.
    let cases = [
        ("2025-06-27T18:00:00+07:00", true),
        ("2025-06-27T17:59:00+07:00", false),
        ("2025-06-27T08:00:00+07:00", false),
        ("2025-06-27T07:59:00+07:00", true),
        ("2025-06-28T10:00:00+07:00", true),
        // 03:30 UTC on a Friday is 10:30 in Ho Chi Minh City: inside, on our clock.
        ("2025-06-27T03:30:00Z", false),
        // A bare date on a Saturday is outside whatever the hour; on a Friday it is not judged.
        ("2025-06-28", true),
        ("2025-06-27", false),
    ];
    for (at, outside) in cases {
        let mut p = P::client("c");
        for d in 4..8 {
            p.inbound(&ago(d, "10:00"), &[]); // Monday 23 to Thursday 26 June
        }
        // 1 of 6 is below the threshold; 2 of 6 is above it.
        p.inbound(&ago(8, "23:00"), &[]);
        let id = p.inbound(at, &[]);
        let r = one(&p);
        assert_eq!(
            evidence(&r, AfterHoursContact).contains(&id),
            outside,
            "{at} outside business hours: {outside}"
        );
    }
}

#[test]
fn the_after_hours_window_is_ninety_days_both_ends_included() {
    for (oldest, expect) in [(89, Some(Severity::High)), (90, None)] {
        let mut p = P::client("c");
        for d in [1, 2, 3, 4] {
            p.inbound(&ago(d, "23:00"), &[]);
        }
        p.inbound(&ago(oldest, "23:00"), &[]);
        assert_eq!(
            sev(&one(&p), AfterHoursContact),
            expect,
            "fifth {oldest} days ago"
        );
    }
}

#[test]
fn business_hours_come_from_the_policy() {
    let policy = redflag_rules::Policy::from_toml(
        "[workspace]\nbusiness-hours = \"Mon-Fri 08:00-18:00, Sat 08:00-12:00\"\n",
    )
    .unwrap();
    let mut p = P::client("c");
    for _ in 0..5 {
        p.inbound("2025-06-28T09:00:00+07:00", &[]); // Saturday morning
    }
    assert_eq!(sev(&one(&p), AfterHoursContact), Some(Severity::High));
    assert_eq!(sev(&one_with(&policy, &p), AfterHoursContact), None);
}

// ---- cannot-pay ----

#[test]
fn cannot_pay_is_two_money_signals_before_the_first_paid_invoice() {
    let mut p = P::prospect("p");
    p.inbound(&ago(30, "10:00"), &[S::DiscountRequest]);
    assert_eq!(sev(&one(&p), CannotPay), None);
    p.inbound(&ago(29, "10:00"), &[S::BarterOffer]);
    assert_eq!(sev(&one(&p), CannotPay), Some(Severity::High));

    let mut q = P::prospect("q");
    q.inbound(&ago(30, "10:00"), &[S::PaymentStall]);
    q.invoice("q-1", &ago(25, "10:00"), &ago_date(20), money("100", "USD"));
    q.payment(&ago(24, "10:00"), "q-1", money("100", "USD"));
    q.inbound(&ago(10, "10:00"), &[S::DiscountRequest]);
    assert_eq!(
        sev(&one(&q), CannotPay),
        None,
        "the second came after paying"
    );
}

#[test]
fn a_partial_payment_is_not_a_paid_invoice() {
    let mut q = P::prospect("q");
    q.inbound(&ago(30, "10:00"), &[S::PaymentStall]);
    q.invoice("q-1", &ago(25, "10:00"), &ago_date(20), money("100", "USD"));
    q.payment(&ago(24, "10:00"), "q-1", money("99.99", "USD"));
    q.inbound(&ago(10, "10:00"), &[S::DiscountRequest]);
    assert_eq!(sev(&one(&q), CannotPay), Some(Severity::High));
}
