//! The warning signs of `spec/flags.md`.

use crate::str_enum;

str_enum! {
    /// A warning sign about a party. The spelling never changes meaning.
    pub enum FlagId as "flag" {
        /// Takes our ideas or proposal, then goes silent.
        IdeaExtraction = "idea-extraction",
        /// Keeps postponing.
        ChronicStalling = "chronic-stalling",
        /// Winning them costs too much.
        CostlyAcquisition = "costly-acquisition",
        /// Rude, insulting, swearing at us or our team.
        AbusiveConduct = "abusive-conduct",
        /// Insists on a guarantee of results.
        GuaranteeDemand = "guarantee-demand",
        /// Wants magic.
        UnrealisticExpectations = "unrealistic-expectations",
        /// Comes back for a problem we already solved.
        AlreadyHelped = "already-helped",
        /// Asks on behalf of someone else.
        ThirdPartyRequest = "third-party-request",
        /// Does not respect our private time and space.
        BoundaryViolation = "boundary-violation",
        /// Calls and writes late at night and at weekends.
        AfterHoursContact = "after-hours-contact",
        /// Cannot or will not pay.
        CannotPay = "cannot-pay",
        /// Wants a lower fee and round-the-clock availability.
        ExploitativeTerms = "exploitative-terms",
        /// Manages by fear.
        FearTactics = "fear-tactics",
        /// Ignores payment terms.
        LatePayment = "late-payment",
        /// Takes the credit, gives the blame.
        BlameShifting = "blame-shifting",
        /// Does not respect our time.
        DisrespectsTime = "disrespects-time",
        /// Minimises our effort.
        UndervaluesWork = "undervalues-work",
        /// Will not pay more as our work grows.
        RateStagnation = "rate-stagnation",
        /// Keeps asking for discounts and free trials.
        DiscountPressure = "discount-pressure",
        /// Buys only because it is cheap.
        PriceShopper = "price-shopper",
        /// Buys but does not use the product.
        NonAdoption = "non-adoption",
        /// Pays only what was strictly committed.
        PaysOnlyCommitted = "pays-only-committed",
        /// Far more contact than the work needs.
        ExcessiveContact = "excessive-contact",
        /// Drains the staff.
        StaffDrain = "staff-drain",
        /// Earns far less per hour than other clients.
        LowProfitability = "low-profitability",
    }
}
