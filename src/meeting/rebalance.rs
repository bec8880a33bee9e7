//! Proportional shrinking of the remaining plan, with a floor per step.

/// Scales `planned` (seconds) down so they sum to `budget`, keeping each at
/// least `min`. Steps already at or below the floor keep their length; the
/// others shrink in proportion. When even the floors do not fit, every step
/// gets the floor (or keeps its shorter plan) and the sum exceeds the budget.
pub fn shrink_to_fit(planned: &[i64], budget: i64, min: i64) -> Vec<i64> {
    shrink_with_floors(planned, budget, &vec![min; planned.len()])
}

/// [`shrink_to_fit`] with a floor of its own per step: a protected step's
/// floor is its plan (it never shrinks), a step with a published range
/// stops at the range's low end.
pub fn shrink_with_floors(planned: &[i64], budget: i64, floors: &[i64]) -> Vec<i64> {
    let total: i64 = planned.iter().sum();
    if total <= budget {
        return planned.to_vec();
    }
    // Steps pinned at their floor: min(planned, floor).
    let floor_at = |i: usize| planned[i].min(floors.get(i).copied().unwrap_or(0));
    let mut pinned = vec![false; planned.len()];
    loop {
        let fixed: i64 = planned
            .iter()
            .zip(&pinned)
            .enumerate()
            .filter(|(_, (_, pin))| **pin)
            .map(|(i, _)| floor_at(i))
            .sum();
        let flexible: i64 = planned
            .iter()
            .zip(&pinned)
            .filter(|(_, pin)| !**pin)
            .map(|(p, _)| *p)
            .sum();
        let room = (budget - fixed).max(0);
        if flexible == 0 {
            return (0..planned.len()).map(floor_at).collect();
        }
        let factor = room as f64 / flexible as f64;
        let mut newly_pinned = false;
        for (i, p) in planned.iter().enumerate() {
            if !pinned[i] && (*p as f64 * factor) < floor_at(i) as f64 {
                pinned[i] = true;
                newly_pinned = true;
            }
        }
        if !newly_pinned {
            // Whole seconds, handing leftover seconds to the largest remainders
            // so the plan ends exactly on the budget.
            let exact: Vec<f64> = planned
                .iter()
                .zip(&pinned)
                .enumerate()
                .map(|(i, (p, pin))| {
                    if *pin {
                        floor_at(i) as f64
                    } else {
                        *p as f64 * factor
                    }
                })
                .collect();
            let mut out: Vec<i64> = exact.iter().map(|e| e.floor() as i64).collect();
            let mut leftover = budget - out.iter().sum::<i64>();
            let mut order: Vec<usize> = (0..out.len()).filter(|i| !pinned[*i]).collect();
            order.sort_by(|a, b| {
                (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor()))
            });
            for i in order {
                if leftover <= 0 {
                    break;
                }
                out[i] += 1;
                leftover -= 1;
            }
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_in_proportion() {
        assert_eq!(
            shrink_to_fit(&[600, 300, 300], 600, 60),
            vec![300, 150, 150]
        );
    }

    #[test]
    fn rounding_leftovers_go_to_the_largest_remainders() {
        // 300 and 360 scaled to 510: 231.8 and 278.2.
        assert_eq!(shrink_to_fit(&[300, 360], 510, 60), vec![232, 278]);
    }

    #[test]
    fn never_goes_below_the_floor_and_gives_the_rest_to_the_others() {
        // 120 would become 40; it stops at 60 and the others absorb the difference.
        let out = shrink_to_fit(&[120, 600, 600], 500, 60);
        assert_eq!(out[0], 60);
        assert_eq!(out.iter().sum::<i64>(), 500);
        assert_eq!(out[1], out[2]);
    }

    #[test]
    fn when_floors_do_not_fit_every_step_gets_the_floor() {
        assert_eq!(shrink_to_fit(&[300, 300, 300], 100, 60), vec![60, 60, 60]);
    }

    #[test]
    fn a_step_with_its_own_floor_keeps_it_and_the_others_give_more() {
        // The first is protected (floor = plan), the second stops at 240.
        let out = shrink_with_floors(&[600, 300, 600], 1000, &[600, 240, 60]);
        assert_eq!(out[0], 600);
        assert_eq!(out[1], 240);
        assert_eq!(out.iter().sum::<i64>(), 1000);
    }

    #[test]
    fn a_plan_that_fits_is_unchanged() {
        assert_eq!(shrink_to_fit(&[300, 300], 700, 60), vec![300, 300]);
    }

    #[test]
    fn steps_already_shorter_than_the_floor_keep_their_length() {
        assert_eq!(shrink_to_fit(&[30, 600], 330, 60), vec![30, 300]);
    }
}
