//! The numbers of one sentence: where each is printed, what it is worth, its unit.
//!
//! In: a sentence of Chinese text. Out: [`Mention`]s in text order, each the byte
//! range of a number exactly as printed, with the qualifiers that change what it
//! says (`超15.7亿元`, `700多人`, `90%以上`, `上千个`), its value and its unit.
//! Arabic and Chinese numerals, ranges (`20%—25%`, the lower end counts),
//! compounds (`1+3+2`, their sum), fractions (`九十分之一`, in per cent),
//! multiples and ranks are read. Not mentions: dates and clock times (`2024年`,
//! `2月`, `18日`, `六点`), ordinals (`第十四次`), generations (`90后`), names with
//! Latin letters (`5G`), the article-like 一 (`一个地方`, `一幢幢`) and idioms.
//! Pure; any input gives an answer, never a panic.

use std::ops::Range;

mod chinese;
mod words;

use words::{AFTER, LATIN_UNITS, MAGNITUDES, UNITS, is_idiom_at, prefix_allowed};

/// One number of a sentence, as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The bytes of the number as printed, qualifiers included.
    pub span: Range<usize>,
    /// What a chart draws: the number; a range's lower end, a compound's sum,
    /// a fraction in per cent.
    pub value: f64,
    /// The unit printed after the number (`亿元`, `%`, `个`), empty when none.
    pub unit: String,
}

/// Every number of `sentence` that states a quantity, in order.
pub fn mentions(sentence: &str) -> Vec<Mention> {
    let text = Text::new(sentence);
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match read(&text, i) {
            Read::Mention(m, next) => {
                if !is_idiom_at(sentence, &m.span) {
                    out.push(m);
                }
                i = next;
            }
            Read::Skip(next) => i = next.max(i + 1),
            Read::Nothing => i += 1,
        }
    }
    out
}

/// The sentence as characters, with the byte offset of each (and of the end).
struct Text<'a> {
    s: &'a str,
    cs: Vec<char>,
    at: Vec<usize>,
}

impl<'a> Text<'a> {
    fn new(s: &'a str) -> Self {
        let (mut at, cs): (Vec<usize>, Vec<char>) = s.char_indices().unzip();
        at.push(s.len());
        Text { s, cs, at }
    }

    fn len(&self) -> usize {
        self.cs.len()
    }

    fn get(&self, i: usize) -> Option<char> {
        self.cs.get(i).copied()
    }

    fn before(&self, i: usize) -> Option<char> {
        i.checked_sub(1).and_then(|j| self.get(j))
    }

    fn rest(&self, i: usize) -> &'a str {
        &self.s[self.at[i.min(self.len())]..]
    }

    /// The longest of `words` that starts at `i`, with its length in characters.
    fn longest(&self, i: usize, words: &[&'static str]) -> Option<(&'static str, usize)> {
        let rest = self.rest(i);
        words
            .iter()
            .filter(|w| rest.starts_with(**w))
            .max_by_key(|w| w.len())
            .map(|w| (*w, w.chars().count()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Script {
    Arabic,
    Chinese,
}

/// What kind of numeral was read, where that changes whether it is a quantity.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    Plain,
    /// A lone 一: usually "a", as in 一个地方.
    BareOne,
    /// Only 万 or 亿 (万事, 亿元以上): a magnitude without a number.
    OnlyMagnitude,
    /// 半, half.
    Half,
    /// `X分之Y`, already in per cent.
    Fraction,
}

/// A numeral read at some position, before its context is looked at.
#[derive(Debug, Clone)]
struct Num {
    start: usize,
    end: usize,
    value: f64,
    script: Script,
    shape: Shape,
    /// Whether it could be a year: four Arabic digits without point or
    /// separator, or four Chinese digits written one by one (二〇二四).
    year_like: bool,
    /// Two Arabic digits without point, as in 90后.
    two_digits: bool,
    /// 万 or 亿 closing a Chinese numeral: they belong to the unit, as after
    /// Arabic digits (`两三万元` is 2 万元 like `2万元`).
    magnitude: String,
    /// The Chinese numeral starts with 十, 百, 千 or 万 (for 上千, 数百).
    round: bool,
}

/// What was found at a position.
enum Read {
    Mention(Mention, usize),
    /// A numeral that is no quantity; go on after it.
    Skip(usize),
    Nothing,
}

fn read(t: &Text, i: usize) -> Read {
    let Some(num) = arabic(t, i).or_else(|| chinese::read(t, i)) else {
        return Read::Nothing;
    };
    let prev = t.before(i);
    if !num.value.is_finite() || prev.is_some_and(|c| c.is_ascii_alphabetic() || "第初".contains(c))
    {
        return Read::Skip(num.end);
    }
    if num.shape == Shape::BareOne && prev == Some('唯') {
        // 唯一: the only one.
        return Read::Mention(mention(t, i - 1, num.end, 1.0, String::new()), num.end);
    }
    if is_date(t, &num, num.end) {
        return Read::Skip(num.end);
    }
    let mut value = num.value;
    let mut last = num.clone();
    if let Some((sum, end)) = compound(t, &num) {
        value = sum;
        last.end = end;
    } else if let Some(second) = range_end(t, &num) {
        if is_date(t, &second, second.end) {
            return Read::Skip(second.end);
        }
        last = second;
    }
    let Some(tail) = tail(t, &last) else {
        return Read::Skip(last.end);
    };
    if !is_quantity(&num, &tail, prev) {
        return Read::Skip(last.end);
    }
    let start = prefix_start(t, &num);
    Read::Mention(mention(t, start, tail.end, value, tail.unit), tail.end)
}

fn mention(t: &Text, start: usize, end: usize, value: f64, unit: String) -> Mention {
    Mention { span: t.at[start]..t.at[end], value, unit }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn ascii_digit(c: char) -> char {
    if c.is_ascii_digit() { c } else { char::from(b'0' + (c as u32 - '０' as u32) as u8) }
}

/// Arabic digits at `i`: `15.7`, `1,500`, full-width `１２`.
fn arabic(t: &Text, i: usize) -> Option<Num> {
    let digit_at = |j: usize| t.get(j).is_some_and(is_digit);
    if !digit_at(i) {
        return None;
    }
    let mut s = String::new();
    let mut j = i;
    while digit_at(j) {
        s.push(ascii_digit(t.cs[j]));
        j += 1;
    }
    let before_groups = s.len();
    // Thousands separators: a comma and exactly three digits.
    while t.get(j) == Some(',') && (1..=3).all(|k| digit_at(j + k)) && !digit_at(j + 4) {
        s.extend((1..=3).map(|k| ascii_digit(t.cs[j + k])));
        j += 4;
    }
    let grouped = s.len() > before_groups;
    let mut point = false;
    if matches!(t.get(j), Some('.' | '．')) && digit_at(j + 1) {
        point = true;
        s.push('.');
        j += 1;
        while digit_at(j) {
            s.push(ascii_digit(t.cs[j]));
            j += 1;
        }
    }
    let plain = !point && !grouped;
    Some(Num {
        start: i,
        end: j,
        value: s.parse().unwrap_or(f64::INFINITY),
        script: Script::Arabic,
        shape: Shape::Plain,
        year_like: plain && before_groups == 4,
        two_digits: plain && before_groups == 2,
        magnitude: String::new(),
        round: false,
    })
}

/// Whether the numeral ending at `at` is a date, a clock time or a generation.
fn is_date(t: &Text, num: &Num, at: usize) -> bool {
    match t.get(at) {
        Some('月' | '日' | '号' | '时' | '点') => true,
        Some('年') => num.year_like || t.rest(at).starts_with("年代"),
        Some('后') => num.script == Script::Arabic && num.two_digits,
        _ => false,
    }
}

/// `1+3+2`: the sum and where the compound ends.
fn compound(t: &Text, num: &Num) -> Option<(f64, usize)> {
    if num.script != Script::Arabic {
        return None;
    }
    let (mut sum, mut end, mut parts) = (num.value, num.end, 1);
    while matches!(t.get(end), Some('+' | '＋')) {
        let Some(next) = arabic(t, end + 1) else { break };
        sum += next.value;
        end = next.end;
        parts += 1;
    }
    (parts > 1).then_some((sum, end))
}

/// The second number of a range (`20%—25%`, `10—15个`, `三至五年`).
fn range_end(t: &Text, num: &Num) -> Option<Num> {
    let mut j = num.end;
    if matches!(t.get(j), Some('%' | '％')) {
        j += 1;
    }
    match t.get(j)? {
        '—' | '–' | '-' | '~' | '～' | '至' | '到' => j += 1,
        _ => return None,
    }
    if t.get(j) == Some('—') {
        j += 1;
    }
    let second = match num.script {
        Script::Arabic => arabic(t, j),
        Script::Chinese => chinese::read(t, j).filter(|n| n.shape == Shape::Plain),
    }?;
    second.value.is_finite().then_some(second)
}

/// What follows a number: its unit and where the mention ends.
struct Tail {
    unit: String,
    /// The unit proper, without a magnitude (`元` of `亿元`), if one was read.
    base: Option<&'static str>,
    end: usize,
}

/// Reads 多 or 余, a magnitude, the unit, then 多, 余, 以上 and the like.
/// `None` when Latin letters follow that are no unit: the number is a name.
fn tail(t: &Text, num: &Num) -> Option<Tail> {
    let mut j = num.end;
    let mut unit = num.magnitude.clone();
    if num.shape == Shape::Fraction {
        let end = t.longest(j, AFTER).map_or(j, |(_, n)| j + n);
        return Some(Tail { unit: "%".into(), base: None, end });
    }
    let mut approx = false;
    // 十几家 is "a dozen or so", like 十多家.
    let vague = if num.script == Script::Chinese { "多余几" } else { "多余" };
    let mut about = |j: &mut usize| {
        if !approx && t.get(*j).is_some_and(|c| vague.contains(c)) {
            approx = true;
            *j += 1;
        }
    };
    about(&mut j);
    if num.script == Script::Arabic
        && let Some((m, n)) = t.longest(j, MAGNITUDES)
    {
        unit.push_str(m);
        j += n;
        about(&mut j);
    }
    let mut base = None;
    if let Some((u, n)) = t.longest(j, UNITS) {
        base = Some(u);
        unit.push_str(u);
        j += n;
    } else if num.script == Script::Arabic {
        let letters =
            t.cs[j..].iter().take_while(|c| c.is_ascii_alphanumeric() || "²³".contains(**c));
        let word: String = letters.collect();
        if !word.is_empty() {
            if !LATIN_UNITS.contains(&word.as_str()) {
                return None;
            }
            unit.push_str(&word);
            j += word.chars().count();
        }
    }
    // 五维一体, 三位一体: a number of parts making one whole.
    if matches!(base, Some("维" | "位")) && t.rest(j).starts_with("一体") {
        j += 2;
    } else if base == Some("维") {
        return None; // 二维码, 三维: not a count
    }
    if let Some((_, n)) = t.longest(j, AFTER) {
        j += n;
    }
    Some(Tail { unit, base, end: j })
}

/// Whether a numeral with this tail states a quantity: a Chinese numeral does
/// only with a unit (三江, 五一 are names, 千万 is also "by all means"), a lone
/// 一 only as 一倍.
fn is_quantity(num: &Num, tail: &Tail, prev: Option<char>) -> bool {
    let measured = tail.base.is_some();
    match num.shape {
        Shape::Plain => num.script == Script::Arabic || measured,
        Shape::Fraction => true,
        Shape::BareOne => tail.base == Some("倍"),
        Shape::Half => measured,
        // 上万人, 近万名: "tens of thousands".
        Shape::OnlyMagnitude => prev.is_some_and(|c| "上近数逾".contains(c)) && measured,
    }
}

/// Where the mention starts: before a qualifier such as 超, 约, 不到 that
/// belongs to what the number says.
fn prefix_start(t: &Text, num: &Num) -> usize {
    let head = &t.s[..t.at[num.start]];
    let round = num.round || num.shape == Shape::OnlyMagnitude;
    match prefix_allowed(head, num.script == Script::Chinese && round) {
        Some(chars) => num.start - chars,
        None => num.start,
    }
}

#[cfg(test)]
mod tests;
