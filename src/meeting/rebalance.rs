//! Proportional shrinking of the remaining plan, with a floor per step,
//! and the grid of lengths a plan is given in: whole minutes, or whole
//! half-minutes below five minutes.

/// Below this a plan moves in half-minutes; from it on, in whole minutes.
const HALVES_BELOW: i64 = 300;

/// The grid point at or below `secs`: a whole minute, or a half-minute below five minutes.
pub fn grid_down(secs: i64) -> i64 {
    let grain = if secs < HALVES_BELOW { 30 } else { 60 };
    secs.div_euclid(grain) * grain
}

/// The next grid point above `secs` (what `+` plans).
pub fn step_up(secs: i64) -> i64 {
    let grain = if secs < HALVES_BELOW { 30 } else { 60 };
    (secs.div_euclid(grain) + 1) * grain
}

/// The grid point below `secs` (what `-` plans): 5 min goes to 4.5, 5.3 to 5.
pub fn step_down(secs: i64) -> i64 {
    let grain = if secs <= HALVES_BELOW { 30 } else { 60 };
    let up = secs.div_euclid(grain) + i64::from(secs.rem_euclid(grain) != 0);
    (up - 1) * grain
}

/// Rebalanced lengths a room can read: each step [`shrink_with_floors`]
/// shortened is put on the grid (never under its floor), then the seconds
/// that frees go back, a grid step at a time, to the last shortened steps
/// first (never past their plan), so the plan ends on the budget or as close
/// to it as whole minutes allow (under it by less than a minute).
pub fn rebalance_on_grid(planned: &[i64], budget: i64, floors: &[i64]) -> Vec<i64> {
    let fitted = shrink_with_floors(planned, budget, floors);
    let floor_at = |i: usize| planned[i].min(floors.get(i).copied().unwrap_or(0));
    let shrunk: Vec<usize> = (0..planned.len())
        .filter(|&i| fitted[i] < planned[i])
        .collect();
    let mut out = fitted.clone();
    for &i in &shrunk {
        out[i] = grid_down(fitted[i]).max(floor_at(i));
    }
    let mut left = budget - out.iter().sum::<i64>();
    for &i in shrunk.iter().rev() {
        while left > 0 {
            let next = step_up(out[i]).min(planned[i]);
            let more = next - out[i];
            if more <= 0 || more > left {
                break;
            }
            out[i] = next;
            left -= more;
        }
    }
    out
}

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

    #[test]
    fn the_grid_is_whole_minutes_and_half_minutes_below_five() {
        assert_eq!(grid_down(282), 270);
        assert_eq!(grid_down(678), 660);
        assert_eq!(step_up(282), 300);
        assert_eq!(step_up(300), 360);
        assert_eq!(step_up(270), 300);
        assert_eq!(step_down(678), 660);
        assert_eq!(step_down(300), 270);
        assert_eq!(step_down(330), 300);
        assert_eq!(step_down(360), 300);
        assert_eq!(step_down(90), 60);
    }

    #[test]
    fn rebalanced_steps_land_on_the_grid_and_the_rest_goes_to_the_last() {
        // 4.7 min and 11.3 min are what plain proportion gives here.
        let planned = [600, 1440, 300, 600];
        let budget = 2_587;
        let out = rebalance_on_grid(&planned, budget, &[60, 60, 300, 60]);
        for (i, s) in out.iter().enumerate() {
            assert_eq!(*s, grid_down(*s), "step {i}: {s} s is off the grid");
        }
        assert_eq!(out[2], 300, "a step at its floor is untouched");
        let sum: i64 = out.iter().sum();
        assert!(sum <= budget && budget - sum < 60, "{out:?} sums to {sum}");
    }
}
