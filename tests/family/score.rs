//! Scoring an import as a reader would: display text, heads and captions exact or
//! not; paragraphs exact, aligned (a merged or split paragraph costs the paragraphs
//! it touches, not every one after it); every character kept, in order.

use broadsheet::import::Article;

/// The totals of a run.
#[derive(Debug, Default)]
pub struct Score {
    pub articles: usize,
    pub refused: usize,
    pub panics: usize,
    pub kicker: usize,
    pub title: usize,
    pub lead: usize,
    pub heads: usize,
    pub captions: usize,
    pub paragraphs: usize,
    pub paragraphs_exact: usize,
    pub chars_in_order: usize,
    /// What went wrong, one line per article that missed, for the first few.
    pub misses: Vec<String>,
}

fn solid(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every character of the article in schema order, spaces left out.
fn stream(a: &Article) -> String {
    let mut out = String::new();
    out.push_str(a.kicker.as_deref().unwrap_or(""));
    out.push_str(&a.title);
    out.push_str(&a.lead);
    for s in &a.sections {
        out.push_str(s.heading.as_deref().unwrap_or(""));
        out.push_str(s.subheading.as_deref().unwrap_or(""));
        s.paragraphs.iter().for_each(|p| out.push_str(p));
    }
    for c in &a.captions {
        out.push_str(&c.text);
        out.push_str(&c.credit);
    }
    solid(&out)
}

/// The length of the longest common subsequence of two lists of paragraphs.
fn aligned(got: &[&String], want: &[&String]) -> usize {
    let mut row = vec![0usize; want.len() + 1];
    for g in got {
        let mut diagonal = 0;
        for (j, w) in want.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if g == w { diagonal + 1 } else { row[j + 1].max(row[j]) };
            diagonal = above;
        }
    }
    row[want.len()]
}

fn heads(a: &Article) -> Vec<(Option<&str>, Option<&str>)> {
    a.sections.iter().map(|s| (s.heading.as_deref(), s.subheading.as_deref())).collect()
}

fn paragraphs(a: &Article) -> Vec<&String> {
    a.sections.iter().flat_map(|s| &s.paragraphs).collect()
}

impl Score {
    pub fn add(&mut self, got: Option<&Article>, want: &Article, label: &str) {
        self.articles += 1;
        let want_paragraphs = paragraphs(want);
        self.paragraphs += want_paragraphs.len();
        let Some(got) = got else {
            self.refused += 1;
            self.miss(format!("{label}: refused"));
            return;
        };
        let mut missed = Vec::new();
        let mut count = |ok: bool, what: &str, total: &mut usize| {
            if ok {
                *total += 1;
            } else {
                missed.push(what.to_owned());
            }
        };
        count(got.kicker == want.kicker, "kicker", &mut self.kicker);
        count(got.title == want.title, "title", &mut self.title);
        count(got.lead == want.lead, "lead", &mut self.lead);
        count(heads(got) == heads(want), "heads", &mut self.heads);
        count(got.captions == want.captions, "captions", &mut self.captions);
        count(stream(got) == stream(want), "characters", &mut self.chars_in_order);
        let exact = aligned(&paragraphs(got), &want_paragraphs);
        self.paragraphs_exact += exact;
        if exact < want_paragraphs.len() {
            missed.push(format!("{} of {} paragraphs", exact, want_paragraphs.len()));
        }
        if !missed.is_empty() {
            self.miss(format!("{label}: {}", missed.join(", ")));
        }
    }

    fn miss(&mut self, line: String) {
        if self.misses.len() < 40 {
            self.misses.push(line);
        }
    }

    fn rate(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.articles.max(1) as f64
    }

    pub fn paragraph_rate(&self) -> f64 {
        100.0 * self.paragraphs_exact as f64 / self.paragraphs.max(1) as f64
    }

    /// No panic, no refusal, title and lead always exact, the other parts and the
    /// paragraphs at least at the given rates (in percent).
    pub fn meets(&self, parts: f64, paragraphs: f64) -> bool {
        let n = self.articles;
        self.panics == 0
            && self.refused == 0
            && self.title == n
            && self.lead == n
            && [self.kicker, self.heads, self.captions, self.chars_in_order]
                .iter()
                .all(|k| self.rate(*k) >= parts)
            && self.paragraph_rate() >= paragraphs
    }

    pub fn report(&self, seed: u64) -> String {
        format!(
            "{} articles from seed {seed}: kicker {:.2}%, title {:.2}%, lead {:.2}%, heads {:.2}%, captions {:.2}%, \
             paragraphs {}/{} exact ({:.3}%), characters in order {:.2}%, refused {}, panics {}",
            self.articles,
            self.rate(self.kicker),
            self.rate(self.title),
            self.rate(self.lead),
            self.rate(self.heads),
            self.rate(self.captions),
            self.paragraphs_exact,
            self.paragraphs,
            self.paragraph_rate(),
            self.rate(self.chars_in_order),
            self.refused,
            self.panics,
        )
    }
}
