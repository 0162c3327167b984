//! Chinese numerals: `七百`, `两三万`, `九十分之一`, `二〇二四`, `半`.
//!
//! In: the sentence and a position. Out: the numeral there, if any, with its
//! value; a closing 万 or 亿 is kept apart as the start of the unit, and a
//! fraction is returned in per cent. Whether it is a quantity is for the caller
//! to decide from what follows. Pure.

use super::{Num, Script, Shape, Text};

/// Characters a Chinese numeral is written with.
const NUMERAL: &str = "零〇一二两三四五六七八九十百千万亿";

fn digit(c: char) -> Option<f64> {
    let d = match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    };
    Some(f64::from(d))
}

fn is_zero(c: char) -> bool {
    matches!(c, '零' | '〇')
}

/// The Chinese numeral at `i`, if one starts there.
pub(super) fn read(t: &Text, i: usize) -> Option<Num> {
    let num = |end, value, shape| Num {
        start: i,
        end,
        value,
        script: Script::Chinese,
        shape,
        year_like: false,
        two_digits: false,
        magnitude: String::new(),
        round: false,
    };
    if t.get(i) == Some('半') {
        return Some(num(i + 1, 0.5, Shape::Half));
    }
    let end = run_end(t, i);
    if end == i {
        return None;
    }
    let run = &t.cs[i..end];
    if run.iter().all(|&c| is_zero(c)) {
        return None; // 零部件, 零售: 零 alone is a word, not a number
    }
    if t.rest(end).starts_with("分之") {
        let top = run_end(t, end + 2);
        if top > end + 2 {
            let below = value(run)?;
            let above = value(&t.cs[end + 2..top])?;
            let share = (above / below * 1000.0).round() / 10.0;
            return (below > 0.0).then(|| num(top, share, Shape::Fraction));
        }
    }
    // 万 and 亿 at the end are the unit's: `两百亿元` is 200 亿元.
    let split = run.iter().rposition(|&c| c != '万' && c != '亿').map_or(0, |p| p + 1);
    if split == 0 {
        return Some(Num {
            magnitude: run.iter().collect(),
            ..num(end, 1.0, Shape::OnlyMagnitude)
        });
    }
    let core = &run[..split];
    let positional = core.iter().all(|&c| digit(c).is_some() || is_zero(c))
        && (core.len() >= 3 || core.iter().any(|&c| is_zero(c)));
    let value = if positional { positional_value(core) } else { value(core)? };
    let shape = if core == ['一'] && split == run.len() { Shape::BareOne } else { Shape::Plain };
    Some(Num {
        year_like: positional && core.len() == 4,
        magnitude: run[split..].iter().collect(),
        round: matches!(core[0], '十' | '百' | '千' | '万'),
        ..num(end, value, shape)
    })
}

fn run_end(t: &Text, mut j: usize) -> usize {
    while t.get(j).is_some_and(|c| NUMERAL.contains(c)) {
        j += 1;
    }
    j
}

/// `二〇二四` is 2024.
fn positional_value(core: &[char]) -> f64 {
    core.iter().fold(0.0, |acc, &c| acc * 10.0 + digit(c).unwrap_or(0.0))
}

/// The value of a numeral with 十, 百, 千 (and 万, 亿 inside it). Two digits
/// in a row (`两三`, `七八`) are an estimate: the first counts.
fn value(core: &[char]) -> Option<f64> {
    let (mut total, mut section) = (0.0, 0.0);
    let mut pending: Option<f64> = None;
    let mut after_digit = false;
    for &c in core {
        if let Some(d) = digit(c) {
            if !after_digit {
                pending = Some(d);
            }
            after_digit = true;
            continue;
        }
        after_digit = false;
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            '亿' => 1e8,
            _ if is_zero(c) => continue,
            _ => return None,
        };
        if unit >= 1e4 {
            let part = section + pending.take().unwrap_or(0.0);
            total = (total + part.max(1.0)) * unit;
            section = 0.0;
        } else {
            section += pending.take().unwrap_or(1.0) * unit;
        }
    }
    Some(total + section + pending.unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> f64 {
        value(&s.chars().collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn numerals_read_as_written() {
        assert_eq!(v("十"), 10.0);
        assert_eq!(v("十四"), 14.0);
        assert_eq!(v("九十"), 90.0);
        assert_eq!(v("二十三"), 23.0);
        assert_eq!(v("七百"), 700.0);
        assert_eq!(v("一百零五"), 105.0);
        assert_eq!(v("三千"), 3000.0);
        assert_eq!(v("一万二千"), 12000.0);
    }

    #[test]
    fn two_digits_in_a_row_are_an_estimate_from_the_first() {
        assert_eq!(v("两三"), 2.0);
        assert_eq!(v("两三百"), 200.0);
        assert_eq!(v("七八十"), 70.0);
    }

    #[test]
    fn fractions_are_per_cent_and_magnitudes_go_to_the_unit() {
        let t = Text::new("九十分之一");
        let n = read(&t, 0).unwrap();
        assert_eq!((n.value, n.shape, n.end), (1.1, Shape::Fraction, 5));
        let t = Text::new("两三万元");
        let n = read(&t, 0).unwrap();
        assert_eq!((n.value, n.magnitude.as_str(), n.end), (2.0, "万", 3));
        let t = Text::new("二〇二四年");
        assert!(read(&t, 0).unwrap().year_like);
        let t = Text::new("万事");
        assert_eq!(read(&t, 0).unwrap().shape, Shape::OnlyMagnitude);
    }
}
