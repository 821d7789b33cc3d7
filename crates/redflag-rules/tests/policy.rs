//! The policy file: defaults, round trip, errors that name the key, workspace precedence.

use redflag_domain::{Currency, FlagId, Lang, Workspace, parse_decimal};
use redflag_rules::{Policy, PolicyError};

#[test]
fn the_default_policy_file_reads_back_to_the_default_policy() {
    let text = Policy::defaults_toml();
    assert_eq!(Policy::from_toml(&text).unwrap(), Policy::default());
    // It is commented and names every flag section.
    assert!(text.starts_with("# redflag policy"));
    for f in FlagId::ALL {
        assert!(text.contains(&format!("[{}]", f.as_str())), "{f}");
    }
    assert!(text.contains("silence-days = 21"));
    assert!(text.contains("business-hours = \"Mon-Fri 08:00-18:00\""));
}

#[test]
fn an_edited_policy_round_trips_too() {
    let p = Policy::from_toml(
        r#"
[workspace]
timezone = "Asia/Bangkok"
currency = "THB"
standard-rate = "1500.50"
language = "th"
business-hours = "Mon-Sat 09:00-17:00"
[rates]
USD = 36.25
VND = "0.00139"
[after-hours-contact]
percent = 33.5
[weights]
late-payment = 2.5
[price-shopper]
enabled = false
"#,
    )
    .unwrap();
    assert_eq!(p.currency, Currency::THB);
    assert_eq!(p.language, Lang::Th);
    assert_eq!(p.timezone.name(), "Asia/Bangkok");
    assert_eq!(
        p.after_hours_contact.percent,
        parse_decimal("33.5").unwrap()
    );
    assert_eq!(p.weights[FlagId::LatePayment], 2.5);
    assert!(!p.enabled[FlagId::PriceShopper]);
    assert_eq!(p.rate(Currency::USD), Some(parse_decimal("36.25").unwrap()));
    assert_eq!(p.rate(Currency::THB), Some(parse_decimal("1").unwrap()));
    assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);
}

#[test]
fn every_default_of_flags_md_is_in_the_policy() {
    let p = Policy::default();
    assert_eq!(p.idea_extraction.silence_days, 21);
    assert_eq!(
        (
            p.chronic_stalling.postponements,
            p.chronic_stalling.window_days,
            p.chronic_stalling.high_at,
            p.chronic_stalling.verbal_yes_days
        ),
        (3, 120, 5, 60)
    );
    assert_eq!(p.costly_acquisition.above_percent, 20.into());
    assert_eq!(p.costly_acquisition.high_above_percent, 50.into());
    assert_eq!(p.after_hours_contact.min_contacts, 5);
    assert_eq!(p.after_hours_contact.window_days, 90);
    assert_eq!(p.after_hours_contact.percent, 30.into());
    assert_eq!(p.after_hours_contact.high_percent, 50.into());
    let lp = &p.late_payment;
    assert_eq!(
        (
            lp.default_terms_days,
            lp.grace_days,
            lp.last_invoices,
            lp.late_invoices,
            lp.unpaid_days,
            lp.high_overdue_days,
            lp.high_late_invoices
        ),
        (30, 7, 6, 2, 30, 60, 3)
    );
    assert_eq!(p.excessive_contact.multiple, 3.into());
    assert_eq!(p.excessive_contact.min_per_week, 10.into());
    assert_eq!(p.excessive_contact.window_days, 30);
    assert_eq!(p.excessive_contact.high_multiple, 5.into());
    assert_eq!(p.staff_drain.reporters, 2);
    assert_eq!(p.staff_drain.window_days, 90);
    assert_eq!(p.staff_drain.communication_percent, 30.into());
    assert_eq!(p.low_profitability.below_percent, 60.into());
    assert_eq!(p.low_profitability.min_hours, 10);
    assert_eq!(p.low_profitability.months, 12);
    assert_eq!(p.rate_stagnation.below_percent, 80.into());
    assert_eq!(p.rate_stagnation.months, 6);
    assert_eq!(p.discount_pressure.window_days, 180);
    assert_eq!(p.price_shopper.discounted_percent, 70.into());
    assert_eq!(p.non_adoption.window_days, 60);
    assert_eq!(p.pays_only_committed.after_days, 60);
    assert_eq!(p.business_hours.to_string(), "Mon-Fri 08:00-18:00");
    assert_eq!(p.timezone.name(), "Asia/Ho_Chi_Minh");
    assert_eq!(p.language, Lang::En);
}

#[test]
fn a_typo_in_a_key_is_an_error_that_names_it_and_suggests_the_right_one() {
    let err = Policy::from_toml("[late-payment]\ngrace-dayz = 10\n").unwrap_err();
    assert_eq!(
        err,
        PolicyError::UnknownKey {
            key: "late-payment.grace-dayz".into(),
            suggestion: Some("late-payment.grace-days".into()),
        }
    );
    assert!(err.to_string().contains("`late-payment.grace-dayz`"));
    assert!(
        err.to_string()
            .contains("did you mean `late-payment.grace-days`")
    );
    let err = Policy::from_toml("[late-paymnet]\ngrace-days = 10\n").unwrap_err();
    assert!(matches!(err, PolicyError::UnknownKey { ref key, .. } if key == "late-paymnet"));
    let err = Policy::from_toml("language = \"vi\"\n").unwrap_err();
    assert!(matches!(err, PolicyError::UnknownKey { ref key, .. } if key == "language"));
}

#[test]
fn a_bad_value_names_its_key() {
    for (text, key) in [
        (
            "[late-payment]\ngrace-days = -1\n",
            "late-payment.grace-days",
        ),
        (
            "[late-payment]\ngrace-days = \"seven\"\n",
            "late-payment.grace-days",
        ),
        (
            "[workspace]\ntimezone = \"Mars/Olympus\"\n",
            "workspace.timezone",
        ),
        ("[workspace]\ncurrency = \"baht\"\n", "workspace.currency"),
        ("[workspace]\nlanguage = \"fr\"\n", "workspace.language"),
        (
            "[workspace]\nbusiness-hours = \"weekdays\"\n",
            "workspace.business-hours",
        ),
        ("[rates]\nEUR = \"x\"\n", "rates.EUR"),
        ("[rates]\neuro = 1\n", "rates.euro"),
        ("[weights]\nfear-tactics = -2\n", "weights.fear-tactics"),
        // Above 10^15 a review's products could overflow a decimal.
        (
            "[workspace]\nstandard-rate = \"70000000000000000000000000000\"\n",
            "workspace.standard-rate",
        ),
        ("workspace = 3\n", "workspace"),
        ("[score]\nwatch-from = 50\n", "score.watch-from"),
    ] {
        match Policy::from_toml(text) {
            Err(PolicyError::BadValue { key: k, .. }) => assert_eq!(k, key, "{text}"),
            other => panic!("{text}: {other:?}"),
        }
    }
    assert!(matches!(
        Policy::from_toml("[workspace\n"),
        Err(PolicyError::Syntax(_))
    ));
}

fn workspace_line() -> Workspace {
    Workspace {
        timezone: Some("Asia/Bangkok".into()),
        currency: Some(Currency::THB),
        business_hours: Some("Mon-Sat 08:00-17:00".into()),
        standard_rate: Some(parse_decimal("1500").unwrap()),
    }
}

#[test]
fn the_workspace_line_overrides_defaults_and_the_policy_file_overrides_both() {
    let mut base = Policy::default();
    base.apply_workspace(&workspace_line()).unwrap();
    assert_eq!(base.timezone.name(), "Asia/Bangkok");
    assert_eq!(base.currency, Currency::THB);
    assert_eq!(base.standard_rate, parse_decimal("1500").unwrap());
    assert!(base.business_hours.is_open(5, 9 * 60));

    let file = "[workspace]\nstandard-rate = 2000\n";
    let p = Policy::from_toml_over(base.clone(), file).unwrap();
    assert_eq!(p.standard_rate, parse_decimal("2000").unwrap(), "file wins");
    assert_eq!(
        p.currency,
        Currency::THB,
        "workspace line kept where the file is silent"
    );
    assert_eq!(p.timezone.name(), "Asia/Bangkok");
    assert_eq!(p.idea_extraction.silence_days, 21, "defaults kept");
}

#[test]
fn a_bad_workspace_line_names_the_field() {
    let mut p = Policy::default();
    let ws = Workspace {
        business_hours: Some("all day".into()),
        ..Workspace::default()
    };
    match p.apply_workspace(&ws) {
        Err(PolicyError::BadValue { key, .. }) => assert_eq!(key, "workspace line: business_hours"),
        other => panic!("{other:?}"),
    }
}
