//! The rounding rule, in one place: every amount the engine computes from a percentage is
//! rounded to cents, half away from zero (what a person with a calculator does, so the
//! golden cases can be checked by hand), at the moment it is computed. Every other
//! amount is a difference of two amounts already in cents, so it is exact and sums close
//! to the cent.

use rust_decimal::{Decimal, RoundingStrategy};

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// `amount` rounded to cents, half away from zero.
pub fn cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `*sum += amount`, with Decimal's addition inlined: its `+=` is a call that costs more
/// than the addition itself, and a report adds each of tens of thousands of lines into
/// a dozen sums. Overflow panics, as `+=` does.
#[inline]
pub fn add_to(sum: &mut Decimal, amount: Decimal) {
    *sum = sum
        .checked_add(amount)
        .expect("sums of money stay far within Decimal's range");
}

/// `percent`% of `amount`, rounded to cents.
pub fn percent_of(amount: Decimal, percent: Decimal) -> Decimal {
    cents(amount * percent / HUNDRED)
}

/// Whether `amount` is a whole number of cents (inputs must be, or sums would drift).
pub fn is_cents(amount: Decimal) -> bool {
    amount.normalize().scale() <= 2
}

/// Divides `total` in proportion to `weights`, each share rounded to `dp` decimals half
/// away from zero; the rounding leftover (positive or negative) goes to the first share
/// with a weight (the deal's first-listed agent), so the shares sum to `total` exactly.
pub fn allocate(total: Decimal, weights: &[Decimal], dp: u32) -> Vec<Decimal> {
    let weight_sum: Decimal = weights.iter().copied().sum();
    if weight_sum.is_zero() {
        return vec![Decimal::ZERO; weights.len()];
    }
    let mut shares: Vec<Decimal> = weights
        .iter()
        .map(|w| {
            (total * *w / weight_sum)
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        })
        .collect();
    let leftover = total - shares.iter().copied().sum::<Decimal>();
    if let Some(first) = weights.iter().position(|w| !w.is_zero()) {
        shares[first] += leftover;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn half_cents_round_away_from_zero() {
        assert_eq!(cents(dec!(10.005)), dec!(10.01));
        assert_eq!(cents(dec!(10.015)), dec!(10.02), "not banker's rounding");
        assert_eq!(cents(dec!(10.0049)), dec!(10.00));
        assert_eq!(percent_of(dec!(333.33), dec!(30)), dec!(100.00));
        assert_eq!(percent_of(dec!(0.05), dec!(50)), dec!(0.03));
    }

    #[test]
    fn allocation_leftover_goes_to_the_first_share() {
        let thirds = allocate(dec!(100.00), &[dec!(1), dec!(1), dec!(1)], 2);
        assert_eq!(thirds, vec![dec!(33.34), dec!(33.33), dec!(33.33)]);
        let over = allocate(dec!(0.05), &[dec!(50), dec!(50)], 2);
        assert_eq!(
            over,
            vec![dec!(0.02), dec!(0.03)],
            "both rounded up: the first gives back"
        );
        assert_eq!(allocate(dec!(1), &[dec!(0)], 2), vec![dec!(0)]);
        let skip_zero = allocate(dec!(1), &[dec!(0), dec!(1), dec!(1), dec!(1)], 2);
        assert_eq!(skip_zero, vec![dec!(0), dec!(0.34), dec!(0.33), dec!(0.33)]);
    }

    #[test]
    fn cents_are_recognised() {
        assert!(is_cents(dec!(12.30)));
        assert!(is_cents(dec!(12.300)), "trailing zeros are still cents");
        assert!(!is_cents(dec!(12.301)));
    }
}
