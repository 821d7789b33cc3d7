//! The storage conformance suite: every test runs on SQLite and on PostgreSQL (see
//! `store_test!`), so both backends store and return exactly the same things.

use redflag_domain::*;
use redflag_store::{Counts, PutOutcome, ScanQuery, Store, StoreError, TextScope};
use redflag_testkit::build::*;
use redflag_testkit::harness::{everything, put_all, scan_all};
use redflag_testkit::store_test;

/// An event of `kind` with every optional field set (and non-default values elsewhere).
fn full(kind: EventKind, id: &str, party: &str) -> Event {
    let b = of_kind(kind, id, party)
        .at("2025-03-01T23:14:05+07:00")
        .tag("extra")
        .tag("vip");
    match kind {
        EventKind::Message => b
            .outbound()
            .channel(Channel::Chat)
            .author("Chị Lan")
            .subject("Báo giá / ใบเสนอราคา")
            .thread("t-42")
            .text("Giảm giá được không? ลดราคาได้ไหม")
            .hit(Signal::DiscountRequest, (0, 9), 0.875)
            .hit(Signal::RushDemand, (10, 14), 0.1)
            .signals(&[Signal::Stalling])
            .classifier("rules-1.2"),
        EventKind::Call => b.outbound().missed().author("Minh"),
        EventKind::Meeting => b
            .minutes(45)
            .meeting_status(MeetingStatus::NoShow)
            .by(Side::Party),
        EventKind::Deal => b
            .stage(DealStage::VerbalYes)
            .amount("12500000", "VND")
            .subject("Website redesign"),
        EventKind::Invoice => b.void().amount("1500.50", "THB").due("2025-04-01"),
        EventKind::Payment => b.amount("0.01", "USD"),
        EventKind::Time => b
            .minutes(15)
            .billable(false)
            .activity(Activity::PreSale)
            .author("An"),
        EventKind::Expense => b
            .amount("320.00", "THB")
            .expense_category(ExpenseCategory::Gift)
            .purpose(ExpensePurpose::Delivery),
        EventKind::Rate => b.amount("1800", "THB").rate_status(RateStatus::Refused),
        EventKind::Order => b
            .amount("99.90", "USD")
            .discount("10.00")
            .product("Pro plan"),
        EventKind::Usage => b.product("Pro plan").active(false),
        EventKind::Subscription => b
            .product("Pro plan")
            .amount("120.00", "USD")
            .period(Period::Year)
            .end("2026-02-28"),
        EventKind::Incident => b
            .author("Thu")
            .incident_category(IncidentCategory::Threat)
            .note("Threatened a bad review at 23:00")
            .warning_given(true),
        EventKind::Decision => b
            .verdict(Recommendation::LetGo)
            .note("Third late payment")
            .next_review("2026-01-15"),
    }
    .build()
}

/// An event of `kind` with every optional field unset, at a bare date.
fn bare(kind: EventKind, id: &str, party: &str) -> Event {
    of_kind(kind, id, party).at("2025-02-01").build()
}

/// Events in the order a scan returns them.
fn in_scan_order(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by(|a, b| {
        (a.at.to_parts().0, a.kind().as_str(), a.id.as_str()).cmp(&(
            b.at.to_parts().0,
            b.kind().as_str(),
            b.id.as_str(),
        ))
    });
    events
}

fn query() -> ScanQuery {
    everything()
}

fn events_of(store: &mut dyn Store, party: &str) -> Vec<Event> {
    let q = ScanQuery {
        party: Some(PartyId::new(party)),
        ..query()
    };
    scan_all(store, &q).pop().expect("the party is visited").1
}

fn text_of(e: &Event) -> Option<&str> {
    match &e.body {
        EventBody::Message(m) => m.text.as_deref(),
        _ => None,
    }
}

store_test!(
    every_event_kind_comes_back_equal_with_every_optional_field_set_or_unset,
    |store: &mut dyn Store| {
        let mut events = Vec::new();
        for kind in EventKind::ALL {
            events.push(full(*kind, &format!("full-{kind}"), "c1"));
            events.push(bare(*kind, &format!("bare-{kind}"), "c1"));
        }
        let mut records = vec![party("c1").client().record()];
        records.extend(events.iter().cloned().map(Record::Event));
        let outcomes = put_all(store, records);
        assert!(
            outcomes.iter().all(|o| *o == PutOutcome::Added),
            "{outcomes:?}"
        );

        assert_eq!(events_of(store, "c1"), in_scan_order(events));
    }
);

store_test!(
    parties_come_back_equal_with_every_optional_field_set_or_unset,
    |store: &mut dyn Store| {
        let rich = party("c1")
            .client()
            .name("Công ty Hoa Sen / บริษัท ดอกบัว")
            .lang(Lang::Vi)
            .timezone("Asia/Ho_Chi_Minh")
            .email("lan@hoasen.vn")
            .email("ops@hoasen.vn")
            .phone("+84 90 123 4567")
            .since("2023-06-01")
            .tag("retainer")
            .build();
        let plain = party("p1").build();
        let former = party("f1").former().build();
        put_all(
            store,
            [rich.clone(), plain.clone(), former.clone()].map(Record::Party),
        );

        assert_eq!(store.party(&rich.id).unwrap(), rich);
        assert_eq!(store.party(&plain.id).unwrap(), plain);
        assert_eq!(store.parties().unwrap(), vec![rich, former, plain]);
    }
);

store_test!(
    a_party_that_is_not_stored_is_not_found,
    |store: &mut dyn Store| {
        let err = store.party(&PartyId::new("ghost")).unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
        assert!(err.to_string().contains("ghost"), "{err}");
    }
);

store_test!(
    putting_an_identical_record_again_is_unchanged,
    |store: &mut dyn Store| {
        let p = party("c1").client().email("a@b.c").record();
        let e = full(EventKind::Message, "m1", "c1");
        let w = workspace()
            .timezone("Asia/Bangkok")
            .currency("THB")
            .record();
        assert_eq!(
            put_all(store, [w.clone(), p.clone(), Record::Event(e.clone())]),
            [PutOutcome::Added; 3]
        );
        // In a later import, and twice within one.
        assert_eq!(
            put_all(
                store,
                [
                    w.clone(),
                    p.clone(),
                    Record::Event(e.clone()),
                    Record::Event(e)
                ]
            ),
            [PutOutcome::Unchanged; 4]
        );
        let counts = store.counts().unwrap();
        assert_eq!(counts.parties, 1);
        assert_eq!(counts.events, vec![(EventKind::Message, 1)]);
    }
);

store_test!(
    a_changed_record_is_updated_in_place_never_duplicated,
    |store: &mut dyn Store| {
        let before = message("m1", "c1").text("first draft");
        put_all(store, [party("c1").record(), before.clone().record()]);

        let after = message("m1", "c1")
            .text("final text")
            .at("2025-05-05T10:00:00Z");
        let renamed = party("c1").name("Renamed").client();
        assert_eq!(
            put_all(store, [renamed.clone().record(), after.clone().record()]),
            [PutOutcome::Updated, PutOutcome::Updated]
        );
        assert_eq!(store.party(&PartyId::new("c1")).unwrap(), renamed.build());
        assert_eq!(events_of(store, "c1"), vec![after.build()]);

        // Changed then changed back within one import: still one row, the last one.
        let outcomes = put_all(store, [before.clone().record(), before.clone().record()]);
        assert_eq!(outcomes, [PutOutcome::Updated, PutOutcome::Unchanged]);
        assert_eq!(events_of(store, "c1"), vec![before.build()]);
        assert_eq!(
            store.counts().unwrap().events,
            vec![(EventKind::Message, 1)]
        );
    }
);

store_test!(
    the_same_id_in_two_kinds_is_two_events,
    |store: &mut dyn Store| {
        let outcomes = put_all(
            store,
            [
                party("c1").record(),
                message("x1", "c1").record(),
                invoice("x1", "c1").record(),
            ],
        );
        assert_eq!(outcomes, [PutOutcome::Added; 3]);
        assert_eq!(events_of(store, "c1").len(), 2);
    }
);

store_test!(
    an_import_dropped_without_commit_stores_nothing,
    |store: &mut dyn Store| {
        put_all(store, [party("keep").record()]);
        {
            let mut tx = store.begin().unwrap();
            tx.put(&workspace().currency("VND").record()).unwrap();
            tx.put(&party("c1").record()).unwrap();
            tx.put(&message("m1", "c1").record()).unwrap();
            tx.put(&party("keep").name("changed").record()).unwrap();
            tx.clear_all().unwrap();
            // dropped here
        }
        assert_eq!(store.workspace().unwrap(), Workspace::default());
        assert_eq!(store.parties().unwrap(), vec![party("keep").build()]);
        assert_eq!(store.counts().unwrap().events, vec![]);
    }
);

store_test!(
    an_import_sees_what_it_has_put_before_committing,
    |store: &mut dyn Store| {
        put_all(store, [party("old").record(), call("k1", "old").record()]);
        let mut tx = store.begin().unwrap();
        assert!(tx.party_exists(&PartyId::new("old")).unwrap());
        assert!(!tx.party_exists(&PartyId::new("new")).unwrap());
        tx.put(&party("new").record()).unwrap();
        tx.put(&message("m1", "new").record()).unwrap();
        assert!(tx.party_exists(&PartyId::new("new")).unwrap());
        assert!(
            tx.event_exists(EventKind::Message, &EventId::new("m1"))
                .unwrap()
        );
        assert!(
            tx.event_exists(EventKind::Call, &EventId::new("k1"))
                .unwrap()
        );
        assert!(
            !tx.event_exists(EventKind::Call, &EventId::new("m1"))
                .unwrap()
        );
        tx.commit().unwrap();
        assert_eq!(store.counts().unwrap().parties, 2);
    }
);

store_test!(
    an_event_whose_party_is_not_stored_is_a_conflict,
    |store: &mut dyn Store| {
        let mut tx = store.begin().unwrap();
        let err = tx.put(&message("m1", "ghost").record()).unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
        assert!(err.to_string().contains("ghost"), "{err}");
    }
);

store_test!(
    workspace_settings_are_stored_and_merged,
    |store: &mut dyn Store| {
        assert_eq!(store.workspace().unwrap(), Workspace::default());
        let full = workspace()
            .timezone("Asia/Bangkok")
            .currency("THB")
            .business_hours("Mon-Fri 08:00-18:00")
            .standard_rate("1500.00");
        assert_eq!(put_all(store, [full.clone()]), [PutOutcome::Added]);
        assert_eq!(store.workspace().unwrap(), full.clone().build());

        // A later line with fewer fields changes only those it carries.
        let partial = workspace().currency("VND");
        assert_eq!(put_all(store, [partial.clone()]), [PutOutcome::Updated]);
        assert_eq!(put_all(store, [partial]), [PutOutcome::Unchanged]);
        assert_eq!(put_all(store, [workspace()]), [PutOutcome::Unchanged]);
        let expected = Workspace {
            currency: Some(Currency::VND),
            ..full.build()
        };
        assert_eq!(store.workspace().unwrap(), expected);
    }
);

store_test!(
    a_scan_visits_parties_by_id_and_events_by_time_then_kind_then_id,
    |store: &mut dyn Store| {
        // Ids chosen so that byte order differs from locale order and from numeric order.
        let ids = ["b", "B", "a-1", "a_1", "ä", "a10", "a9", "Z"];
        let mut records: Vec<Record> = ids.iter().map(|id| party(id).record()).collect();
        let t = "2025-03-01T10:00:00+07:00";
        let same_instant_elsewhere = "2025-03-01T03:00:00Z";
        for id in ids {
            records.push(message(&format!("{id}-m10"), id).at(t).record());
            records.push(
                message(&format!("{id}-m9"), id)
                    .at(same_instant_elsewhere)
                    .record(),
            );
            records.push(call(&format!("{id}-c"), id).at(t).record());
            records.push(invoice(&format!("{id}-late"), id).at("2025-03-02").record());
            records.push(
                deal(&format!("{id}-early"), id)
                    .at("2024-12-31T23:59:59-12:00")
                    .record(),
            );
        }
        put_all(store, records);

        let scanned = scan_all(store, &query());
        let mut expected_ids: Vec<&str> = ids.to_vec();
        expected_ids.sort();
        let got_ids: Vec<&str> = scanned.iter().map(|(p, _)| p.id.as_str()).collect();
        assert_eq!(got_ids, expected_ids);
        for (p, events) in &scanned {
            let id = p.id.as_str();
            let got: Vec<String> = events.iter().map(|e| e.id.to_string()).collect();
            assert!(events.iter().all(|e| e.party == p.id));
            assert_eq!(
                got,
                [
                    format!("{id}-early"),
                    format!("{id}-c"),
                    format!("{id}-m10"),
                    format!("{id}-m9"),
                    format!("{id}-late"),
                ]
            );
        }
    }
);

store_test!(
    a_scan_visits_parties_without_events_too,
    |store: &mut dyn Store| {
        put_all(
            store,
            [
                party("a").record(),
                party("b").record(),
                message("m", "b").record(),
                party("c").record(),
            ],
        );
        let scanned = scan_all(store, &query());
        let shape: Vec<(&str, usize)> = scanned
            .iter()
            .map(|(p, e)| (p.id.as_str(), e.len()))
            .collect();
        assert_eq!(shape, [("a", 0), ("b", 1), ("c", 0)]);
        assert!(scan_all(&mut *store, &query()).len() == 3);
    }
);

store_test!(an_empty_store_scans_to_nothing, |store: &mut dyn Store| {
    assert!(scan_all(store, &query()).is_empty());
    assert_eq!(store.counts().unwrap(), Counts::default());
    assert!(store.parties().unwrap().is_empty());
});

store_test!(
    a_scan_before_an_instant_leaves_out_that_instant_and_later,
    |store: &mut dyn Store| {
        put_all(
            store,
            [
                party("c1").record(),
                message("early", "c1")
                    .at("2025-03-01T09:59:59+07:00")
                    .record(),
                message("exact", "c1").at("2025-03-01T03:00:00Z").record(),
                message("late", "c1").at("2025-03-02T00:00:00Z").record(),
                // A bare date is stored as its midnight UTC.
                invoice("day", "c1").at("2025-03-01").record(),
            ],
        );
        let mut ids = |before: &str| -> Vec<String> {
            let q = ScanQuery {
                before: Some(before.parse().unwrap()),
                ..query()
            };
            scan_all(&mut *store, &q)[0]
                .1
                .iter()
                .map(|e| e.id.to_string())
                .collect()
        };
        assert_eq!(ids("2025-03-01T03:00:00Z"), ["day", "early"]);
        assert_eq!(ids("2025-03-01T03:00:00.5Z"), ["day", "early", "exact"]);
        assert_eq!(ids("2025-03-01T00:00:00Z"), Vec::<String>::new());
        assert_eq!(
            ids("2030-01-01T00:00:00Z"),
            ["day", "early", "exact", "late"]
        );
    }
);

store_test!(
    a_scan_of_one_party_visits_only_it_and_refuses_an_unknown_one,
    |store: &mut dyn Store| {
        put_all(
            store,
            [
                party("a").record(),
                message("a1", "a").record(),
                party("b").record(),
                message("b1", "b").record(),
                message("b2", "b").record(),
                party("c").record(),
            ],
        );
        let q = ScanQuery {
            party: Some(PartyId::new("b")),
            ..query()
        };
        let scanned = scan_all(store, &q);
        assert_eq!(scanned.len(), 1);
        assert_eq!(scanned[0].0.id.as_str(), "b");
        assert_eq!(scanned[0].1.len(), 2);

        let q = ScanQuery {
            party: Some(PartyId::new("c")),
            ..query()
        };
        assert_eq!(scan_all(store, &q), vec![(party("c").build(), vec![])]);

        let q = ScanQuery {
            party: Some(PartyId::new("nobody")),
            ..query()
        };
        let err = store.scan(&q, &mut |_, _| Ok(())).unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    }
);

store_test!(
    a_scan_without_text_leaves_text_out_but_keeps_the_signals,
    |store: &mut dyn Store| {
        let kinds = [EventKind::Message, EventKind::Incident, EventKind::Decision];
        let mut records = vec![party("c1").record()];
        records.extend(
            kinds
                .iter()
                .map(|k| Record::Event(full(*k, &format!("x-{k}"), "c1"))),
        );
        put_all(store, records);

        let q = ScanQuery {
            text: TextScope::None,
            ..query()
        };
        let events = scan_all(store, &q).pop().unwrap().1;
        assert_eq!(events.len(), 3);
        for e in &events {
            match &e.body {
                EventBody::Message(m) => {
                    assert_eq!(m.text, None);
                    assert_eq!(m.subject, None);
                    assert!(m.hits.is_empty());
                    let expected: SignalSet = [
                        Signal::DiscountRequest,
                        Signal::RushDemand,
                        Signal::Stalling,
                    ]
                    .into_iter()
                    .collect();
                    assert_eq!(m.signals, expected);
                    assert_eq!(m.classifier.as_deref(), Some("rules-1.2"));
                    assert_eq!(m.author.as_deref(), Some("Chị Lan"));
                    assert_eq!(m.thread.as_deref(), Some("t-42"));
                }
                EventBody::Incident(i) => {
                    assert_eq!(i.note, "");
                    assert!(i.warning_given);
                    assert_eq!(i.category, IncidentCategory::Threat);
                }
                EventBody::Decision(d) => {
                    assert_eq!(d.note, None);
                    assert_eq!(d.decision, Recommendation::LetGo);
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        // With text, everything is back.
        let with_text = events_of(store, "c1");
        let texts: Vec<&str> = with_text.iter().filter_map(text_of).collect();
        assert_eq!(texts, ["Giảm giá được không? ลดราคาได้ไหม"]);
    }
);

store_test!(
    a_scan_stops_at_the_first_error_of_its_visitor,
    |store: &mut dyn Store| {
        put_all(store, ["a", "b", "c"].map(|id| party(id).record()));
        let mut seen = Vec::new();
        let err = store
            .scan(&query(), &mut |p, _| {
                seen.push(p.id.to_string());
                if p.id.as_str() == "b" {
                    Err(StoreError::Other("enough".into()))
                } else {
                    Ok(())
                }
            })
            .unwrap_err();
        assert_eq!(err.to_string(), "enough");
        assert_eq!(seen, ["a", "b"]);
        // The store is still usable after an aborted scan.
        assert_eq!(scan_all(store, &query()).len(), 3);
    }
);

store_test!(
    a_scan_groups_thousands_of_events_per_party_correctly,
    |store: &mut dyn Store| {
        // More rows than a PostgreSQL fetch batch, with parties of very different sizes.
        let sizes = [
            ("a", 0usize),
            ("b", 4_500),
            ("c", 1),
            ("d", 0),
            ("e", 2_100),
        ];
        let mut records = Vec::new();
        for (id, n) in sizes {
            records.push(party(id).record());
            for i in 0..n {
                let kind = EventKind::ALL[i % EventKind::ALL.len()];
                let mut e = of_kind(kind, &format!("{id}-{i:05}"), id)
                    .at("2025-01-01T00:00:00Z")
                    .build();
                let (secs, _) = e.at.to_parts();
                e.at = At::from_parts(secs + i as i64, Some(0)).unwrap();
                records.push(Record::Event(e));
            }
        }
        put_all(store, records);
        let q = ScanQuery {
            text: TextScope::None,
            ..query()
        };
        let mut shape = Vec::new();
        store
            .scan(&q, &mut |p, events| {
                assert!(events.iter().all(|e| e.party == p.id));
                assert!(
                    events
                        .windows(2)
                        .all(|w| w[0].at.to_parts().0 < w[1].at.to_parts().0)
                );
                shape.push((p.id.to_string(), events.len()));
                Ok(())
            })
            .unwrap();
        let expected: Vec<(String, usize)> =
            sizes.iter().map(|(id, n)| (id.to_string(), *n)).collect();
        assert_eq!(shape, expected);
    }
);

store_test!(
    forgetting_a_party_removes_it_and_all_its_events_and_nothing_else,
    |store: &mut dyn Store| {
        let mut records = vec![party("gone").record(), party("stays").record()];
        for kind in EventKind::ALL {
            records.push(Record::Event(full(*kind, &format!("g-{kind}"), "gone")));
        }
        records.push(message("s1", "stays").text("still here").record());
        records.push(invoice("s2", "stays").record());
        put_all(store, records);

        let forgotten = store.forget(&PartyId::new("gone")).unwrap();
        assert_eq!(forgotten.events, EventKind::ALL.len() as u64);

        assert!(matches!(
            store.party(&PartyId::new("gone")),
            Err(StoreError::NotFound(_))
        ));
        let scanned = scan_all(store, &query());
        assert_eq!(scanned.len(), 1);
        assert_eq!(scanned[0].0.id.as_str(), "stays");
        assert_eq!(scanned[0].1.len(), 2);
        let counts = store.counts().unwrap();
        assert_eq!(counts.parties, 1);
        assert_eq!(
            counts.events,
            vec![(EventKind::Message, 1), (EventKind::Invoice, 1)]
        );

        // Its ids are free again: a new import of the same ids adds them.
        let mut tx = store.begin().unwrap();
        assert!(!tx.party_exists(&PartyId::new("gone")).unwrap());
        assert!(
            !tx.event_exists(EventKind::Message, &EventId::new("g-message"))
                .unwrap()
        );
        drop(tx);

        let err = store.forget(&PartyId::new("gone")).unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    }
);

store_test!(
    counts_tell_parties_and_events_per_kind_in_catalogue_order,
    |store: &mut dyn Store| {
        put_all(
            store,
            [
                party("a").record(),
                party("b").record(),
                decision("d1", "a").record(),
                invoice("i1", "a").record(),
                invoice("i2", "b").record(),
                message("m1", "b").record(),
                payment("p1", "b", "i2").record(),
            ],
        );
        assert_eq!(
            store.counts().unwrap(),
            Counts {
                parties: 2,
                events: vec![
                    (EventKind::Message, 1),
                    (EventKind::Invoice, 2),
                    (EventKind::Payment, 1),
                    (EventKind::Decision, 1),
                ],
            }
        );
    }
);

store_test!(
    clearing_removes_everything_and_a_restore_can_follow_in_the_same_import,
    |store: &mut dyn Store| {
        put_all(
            store,
            [
                workspace().currency("THB").record(),
                party("old").record(),
                message("m1", "old").record(),
            ],
        );
        let mut tx = store.begin().unwrap();
        tx.clear_all().unwrap();
        assert!(!tx.party_exists(&PartyId::new("old")).unwrap());
        assert_eq!(tx.put(&party("new").record()).unwrap(), PutOutcome::Added);
        assert_eq!(
            tx.put(&message("m1", "new").record()).unwrap(),
            PutOutcome::Added
        );
        tx.commit().unwrap();

        assert_eq!(store.workspace().unwrap(), Workspace::default());
        let scanned = scan_all(store, &query());
        assert_eq!(scanned.len(), 1);
        assert_eq!(scanned[0].0.id.as_str(), "new");
        assert_eq!(scanned[0].1[0].party.as_str(), "new");

        let mut tx = store.begin().unwrap();
        tx.clear_all().unwrap();
        tx.commit().unwrap();
        assert_eq!(store.counts().unwrap(), Counts::default());
    }
);

store_test!(
    a_description_names_the_backend_and_no_password,
    |store: &mut dyn Store| {
        let d = store.describe();
        assert!(
            d.starts_with("sqlite:") || d.starts_with("postgres://"),
            "{d}"
        );
        if let Some(rest) = d.strip_prefix("postgres://") {
            let user_info = rest.split('@').next().unwrap_or("");
            assert!(!rest.contains('@') || !user_info.contains(':'), "{d}");
        }
    }
);

store_test!(
    a_signalled_scan_loads_only_the_words_of_messages_that_carry_a_signal,
    |store: &mut dyn Store| {
        put_all(
            store,
            [
                party("c1").record(),
                Record::Event(full(EventKind::Message, "flagged", "c1")),
                message("plain", "c1")
                    .at("2025-03-02T09:00:00+07:00")
                    .text("Cảm ơn em, đã nhận file.")
                    .record(),
            ],
        );
        let q = ScanQuery {
            text: TextScope::Signalled,
            ..query()
        };
        let events = scan_all(store, &q).pop().unwrap().1;
        let by_id = |id: &str| events.iter().find(|e| e.id.as_str() == id).unwrap();
        let EventBody::Message(flagged) = &by_id("flagged").body else {
            panic!("a message")
        };
        assert_eq!(
            flagged.text.as_deref(),
            Some("Giảm giá được không? ลดราคาได้ไหม")
        );
        assert_eq!(flagged.subject, None, "only the text, not the subject");
        assert!(flagged.hits.is_empty(), "no spans");
        assert_eq!(text_of(by_id("plain")), None);
    }
);

store_test!(
    a_scan_by_kind_returns_only_that_kind,
    |store: &mut dyn Store| {
        let kinds = [EventKind::Message, EventKind::Invoice, EventKind::Payment];
        let mut records = vec![party("c1").record(), party("c2").record()];
        for p in ["c1", "c2"] {
            records.extend(
                kinds
                    .iter()
                    .map(|k| Record::Event(full(*k, &format!("{p}-{k}"), p))),
            );
        }
        put_all(store, records);

        let q = ScanQuery {
            kind: Some(EventKind::Invoice),
            ..query()
        };
        let scanned = scan_all(store, &q);
        // Every party is still visited, each with its invoices only.
        assert_eq!(scanned.len(), 2);
        for (party, events) in &scanned {
            let ids: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(ids, [format!("{}-invoice", party.id.as_str())]);
            assert_eq!(events[0].kind(), EventKind::Invoice);
        }
    }
);
