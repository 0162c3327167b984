//! Which sentence of the article each key figure marks, per language.
//!
//! In: the [`Figures`] and, per language, the path of the page that lists them.
//! Out: a [`QuotePlan`]: per language the sentences to mark (identical quotes
//! share one sentence id, so two figures from one sentence link to the same
//! spot) and, per figure, the id its sentence gets. The Markdown pass finds and
//! wraps the sentences; nothing here touches another stage's data. Pure.

use std::collections::BTreeMap;

use super::Figures;
use crate::config::{Config, Lang};
use crate::markdown::Quote;
use crate::photos::LangText;

/// A sentence to mark, and the figures that quote it.
#[derive(Debug, Clone)]
pub struct Planned {
    pub quote: Quote,
    pub figures: Vec<String>,
}

/// The sentences the figures quote, per language, and each figure's sentence id.
#[derive(Debug, Clone, Default)]
pub struct QuotePlan {
    /// Indexed by [`Lang`]: the sentences to mark in that language's article.
    pub planned: Vec<Vec<Planned>>,
    /// The quotes alone, as the Markdown pass takes them (same order).
    pub quotes: Vec<Vec<Quote>>,
    /// Figure id → language code → the id of its sentence (`src-area`).
    pub anchors: BTreeMap<String, LangText>,
}

impl QuotePlan {
    /// The sentences to mark in `lang`'s article.
    pub fn quotes(&self, lang: Lang) -> &[Quote] {
        self.quotes.get(lang.index()).map_or(&[], Vec::as_slice)
    }

    /// The sentences with the figures behind them, in `lang`.
    pub fn planned(&self, lang: Lang) -> &[Planned] {
        self.planned.get(lang.index()).map_or(&[], Vec::as_slice)
    }
}

/// Plans the quotes of every language. `page_path(lang)` is the site-absolute
/// path of the page listing the figures, where each sentence links back to.
pub fn plan(figures: &Figures, config: &Config, page_path: impl Fn(Lang) -> String) -> QuotePlan {
    let mut plan = QuotePlan::default();
    for lang in config.langs() {
        let list = plan_language(figures, config, lang, &page_path(lang));
        for p in &list {
            for id in &p.figures {
                let entry = plan.anchors.entry(id.clone()).or_default();
                entry.insert(config.code(lang).to_string(), p.quote.id.clone());
            }
        }
        plan.quotes.push(list.iter().map(|p| p.quote.clone()).collect());
        plan.planned.push(list);
    }
    plan
}

fn plan_language(figures: &Figures, config: &Config, lang: Lang, page_path: &str) -> Vec<Planned> {
    let code = config.code(lang);
    let original = config.code(Lang::DEFAULT);
    let mut list: Vec<Planned> = Vec::new();
    for fig in &figures.figures {
        let Some(text) = fig.quote.get(code).filter(|t| !t.trim().is_empty()) else { continue };
        // A quote still in the original's words is not translated yet: the
        // translation cannot hold it.
        if !lang.is_default()
            && (fig.quote.get(original) == Some(text) || crate::translate::is_untranslated(text))
        {
            continue;
        }
        if let Some(shared) = list.iter_mut().find(|p| &p.quote.text == text) {
            shared.figures.push(fig.id.clone());
            continue;
        }
        let label = fig.label.get(code).cloned().unwrap_or_else(|| fig.id.clone());
        list.push(Planned {
            quote: Quote {
                text: text.clone(),
                id: format!("src-{}{}", figures.prefix, fig.id),
                href: format!("{page_path}#{}", figures.element(&fig.id)),
                label,
            },
            figures: vec![fig.id.clone()],
        });
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn figures_quoting_one_sentence_share_its_id() {
        let text = "[groups]\ng = { zh = \"组\" }\n\n[[figure]]\nid = \"a\"\ngroup = \"g\"\nvalue = 1\nquote = { zh = \"同一句。\" }\n\n[[figure]]\nid = \"b\"\ngroup = \"g\"\nvalue = 2\nquote = { zh = \"同一句。\" }\n";
        let (figures, _) = crate::figures::load(text, &["zh".into()]);
        let config = Config::parse(
            "base_url = \"https://e.org/\"\ndefault_language = \"zh\"\n[languages.zh]\ntitle = \"站\"\n",
            Path::new("config.toml"),
        )
        .unwrap();
        let plan = plan(&figures.unwrap(), &config, |_| "/figures/".into());
        assert_eq!(plan.quotes(Lang::DEFAULT).len(), 1);
        assert_eq!(plan.anchors["a"]["zh"], "src-a");
        assert_eq!(plan.anchors["b"]["zh"], "src-a");
        assert_eq!(plan.quotes(Lang::DEFAULT)[0].href, "/figures/#fig-a");
    }
}
