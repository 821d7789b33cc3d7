//! Message-level signals (`spec/signals.md`): ids, sets and the spans that raised them.

use crate::str_enum;

str_enum! {
    /// A label on one message: what its sender asks or does.
    pub enum Signal as "signal" {
        /// Insults, mocks, swears at or belittles us or our team.
        Abuse = "abuse",
        /// Threatens: to fire us, to sue, to post bad reviews, ultimatums.
        Threat = "threat",
        /// Demands a guaranteed result or that we carry all the risk.
        GuaranteeDemand = "guarantee-demand",
        /// Expects results that are not realistic for the work.
        UnrealisticExpectation = "unrealistic-expectation",
        /// Asks to lower the price, for a discount, or haggles.
        DiscountRequest = "discount-request",
        /// Asks for free work: trials, samples, spec work, exposure.
        FreeWorkRequest = "free-work-request",
        /// Offers goods, services or exposure instead of money.
        BarterOffer = "barter-offer",
        /// Delays payment or pleads inability to pay.
        PaymentStall = "payment-stall",
        /// Asks us to pay their costs up front.
        AdvanceRequest = "advance-request",
        /// Expects us to be reachable at any hour.
        AvailabilityDemand = "availability-demand",
        /// Sets an unrealistic deadline, last-minute urgency.
        RushDemand = "rush-demand",
        /// Adds work beyond what was agreed.
        ScopeCreep = "scope-creep",
        /// Belittles the effort or value of the work.
        EffortMinimizing = "effort-minimizing",
        /// Asks on behalf of someone who is not the client.
        ThirdParty = "third-party",
        /// Blames us for failures or takes sole credit for success.
        Blame = "blame",
        /// Asks for our ideas, plan or proposal before any commitment.
        IdeaExtraction = "idea-extraction",
        /// Postpones a decision or the start again.
        Stalling = "stalling",
        /// Refuses or resents a rate increase.
        RatePushback = "rate-pushback",
    }
}

impl Signal {
    /// This signal's bit in a [`SignalSet`].
    pub const fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A set of signals, stored as a bit mask so that a review can read it without the text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SignalSet(u32);

impl SignalSet {
    /// The empty set.
    pub const EMPTY: SignalSet = SignalSet(0);

    /// Rebuilds a set from its stored bits; bits that name no signal are dropped.
    pub fn from_bits(bits: u32) -> Self {
        SignalSet(bits & ((1 << Signal::ALL.len()) - 1))
    }

    /// The stored form.
    pub fn bits(self) -> u32 {
        self.0
    }

    /// Adds a signal.
    pub fn insert(&mut self, signal: Signal) {
        self.0 |= signal.bit();
    }

    /// Whether the set holds `signal`.
    pub fn contains(self, signal: Signal) -> bool {
        self.0 & signal.bit() != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The signals in the set, in catalogue order.
    pub fn iter(self) -> impl Iterator<Item = Signal> {
        Signal::ALL
            .iter()
            .copied()
            .filter(move |s| self.contains(*s))
    }
}

impl FromIterator<Signal> for SignalSet {
    fn from_iter<I: IntoIterator<Item = Signal>>(iter: I) -> Self {
        let mut set = SignalSet::EMPTY;
        for s in iter {
            set.insert(s);
        }
        set
    }
}

/// One signal raised on one message, with the words that raised it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalHit {
    /// Which signal.
    pub signal: Signal,
    /// Byte offsets `[start, end)` into the message text (NFC), on character boundaries.
    pub span: (usize, usize),
    /// Confidence in `[0, 1]`.
    pub score: f32,
}

/// The set of signals named by a list of hits.
pub fn signal_set(hits: &[SignalHit]) -> SignalSet {
    hits.iter().map(|h| h.signal).collect()
}
