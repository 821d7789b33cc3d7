//! Writing any record and reading it back gives the same record.

use proptest::prelude::*;
use redflag_domain::*;
use redflag_interchange::{Reader, write_record};

fn text() -> impl Strategy<Value = String> {
    // Vietnamese, Thai, English, quotes, backslashes, control characters and emoji.
    prop::string::string_regex("[a-zA-Z0-9 àáạảãâầấậẩẫăằắặẳẵđĐ\u{0E01}-\u{0E4B}\"\\\\\n\t😀]{1,30}")
        .unwrap()
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(text())
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::VND),
        Just(Currency::THB),
        Just(Currency::USD)
    ]
}

fn money() -> impl Strategy<Value = Money> {
    (currency(), 0i64..10_000_000_000, 0u32..3).prop_map(|(c, n, scale)| {
        let scale = scale.min(c.minor_units());
        Money::new(Decimal::new(n, scale), c)
    })
}

fn date() -> impl Strategy<Value = jiff::civil::Date> {
    (2000i16..2040, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| jiff::civil::date(y, m, d))
}

fn at() -> impl Strategy<Value = At> {
    prop_oneof![
        date().prop_map(At::Date),
        (946_684_800i64..2_208_988_800, -12i32..=14).prop_map(|(s, h)| At::Instant {
            ts: jiff::Timestamp::from_second(s).unwrap(),
            offset: jiff::tz::Offset::from_seconds(h * 3600).unwrap(),
        }),
    ]
}

fn pick<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

fn body() -> impl Strategy<Value = EventBody> {
    prop_oneof![
        (
            pick(Direction::ALL),
            pick(Channel::ALL),
            opt_text(),
            opt_text(),
            opt_text(),
            opt_text()
        )
            .prop_map(|(direction, channel, author, subject, thread, text)| {
                EventBody::Message(Message {
                    direction,
                    channel,
                    author,
                    subject,
                    thread,
                    text,
                    signals: SignalSet::EMPTY,
                    hits: vec![],
                    classifier: None,
                })
            }),
        (pick(Direction::ALL), any::<u32>(), opt_text()).prop_map(
            |(direction, duration_s, author)| {
                EventBody::Call(Call {
                    direction,
                    duration_s,
                    author,
                })
            }
        ),
        (
            any::<u32>(),
            pick(MeetingStatus::ALL),
            prop::option::of(pick(Side::ALL))
        )
            .prop_map(|(duration_min, status, by)| EventBody::Meeting(Meeting {
                duration_min,
                status,
                by
            })),
        (pick(DealStage::ALL), prop::option::of(money()), opt_text()).prop_map(
            |(stage, value, subject)| EventBody::Deal(Deal {
                stage,
                value,
                subject
            })
        ),
        (date(), money(), pick(InvoiceStatus::ALL)).prop_map(|(due, amount, status)| {
            EventBody::Invoice(Invoice {
                due,
                amount,
                status,
            })
        }),
        (text(), money()).prop_map(|(i, amount)| EventBody::Payment(Payment {
            invoice: EventId::new(i),
            amount
        })),
        (any::<u32>(), any::<bool>(), pick(Activity::ALL), opt_text()).prop_map(
            |(minutes, billable, activity, author)| {
                EventBody::Time(TimeEntry {
                    minutes,
                    billable,
                    activity,
                    author,
                })
            }
        ),
        (
            money(),
            pick(ExpenseCategory::ALL),
            pick(ExpensePurpose::ALL)
        )
            .prop_map(|(amount, category, purpose)| EventBody::Expense(Expense {
                amount,
                category,
                purpose
            })),
        (money(), pick(RateStatus::ALL))
            .prop_map(|(hourly, status)| EventBody::Rate(RateChange { hourly, status })),
        (money(), prop::option::of(0i64..1000), opt_text()).prop_map(|(amount, d, product)| {
            EventBody::Order(Order {
                amount,
                discount: d.map(|d| Decimal::new(d, 0)),
                product,
            })
        }),
        (text(), any::<bool>())
            .prop_map(|(product, active)| EventBody::Usage(Usage { product, active })),
        (prop::option::of(date()), text(), money(), pick(Period::ALL)).prop_map(
            |(end, product, amount, period)| {
                EventBody::Subscription(Subscription {
                    end,
                    product,
                    amount,
                    period,
                })
            }
        ),
        (text(), pick(IncidentCategory::ALL), text(), any::<bool>()).prop_map(
            |(reporter, category, note, warning_given)| {
                EventBody::Incident(Incident {
                    reporter,
                    category,
                    note,
                    warning_given,
                })
            }
        ),
        (
            pick(Recommendation::ALL),
            opt_text(),
            prop::option::of(date())
        )
            .prop_map(
                |(decision, note, next_review)| EventBody::Decision(Decision {
                    decision,
                    note,
                    next_review
                })
            ),
    ]
}

fn record() -> impl Strategy<Value = Record> {
    let tags = || prop::collection::vec(text(), 0..3);
    prop_oneof![
        (
            text(),
            text(),
            pick(Role::ALL),
            prop::option::of(pick(Lang::ALL)),
            tags(),
            prop::option::of(date())
        )
            .prop_map(|(id, name, role, lang, tags, since)| Record::Party(Party {
                id: PartyId::new(id),
                name,
                role,
                lang,
                timezone: Some("Asia/Bangkok".into()),
                emails: vec!["a@example.com".into()],
                phones: vec![],
                since,
                tags,
            })),
        (text(), text(), at(), tags(), body()).prop_map(|(id, party, at, tags, body)| {
            Record::Event(Event {
                id: EventId::new(id),
                party: PartyId::new(party),
                at,
                tags,
                body,
            })
        }),
        (
            prop::option::of(currency()),
            prop::option::of(0i64..100_000)
        )
            .prop_map(|(currency, rate)| {
                Record::Workspace(Workspace {
                    timezone: Some("Asia/Ho_Chi_Minh".into()),
                    currency,
                    business_hours: Some("Mon-Sat 08:00-12:00".into()),
                    standard_rate: rate.map(|r| Decimal::new(r, 0)),
                })
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_record_survives_a_write_and_a_read(records in prop::collection::vec(record(), 1..8)) {
        let mut out = Vec::new();
        for r in &records {
            write_record(&mut out, r).unwrap();
        }
        let back: Vec<Record> = Reader::new(&out[..])
            .map(|l| l.map(|l| l.record))
            .collect::<Result<_, _>>()
            .unwrap();
        prop_assert_eq!(back, records);
    }

    #[test]
    fn writing_what_was_read_gives_the_same_bytes(r in record()) {
        let mut once = Vec::new();
        write_record(&mut once, &r).unwrap();
        let back = Reader::new(&once[..]).next().unwrap().unwrap().record;
        let mut twice = Vec::new();
        write_record(&mut twice, &back).unwrap();
        prop_assert_eq!(once, twice);
    }
}
