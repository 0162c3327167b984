//! The words of the benchmark site: titles, the sentence pools the articles are
//! drawn from, list items, table rows and the interface strings of the Hugo and
//! Zola themes. Fixed data in, nothing computed. Invariant: every pool holds the
//! same number of entries in both languages, so article k has the same shape in
//! Chinese and English; changing any of it changes every generated site, so
//! benchmark figures compare only between runs of the same text.

/// The two languages of the site; Chinese is the default (served at `/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Default language first: that is the order every tool writes them in.
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The code in file names (`x.en.md`) and config tables (`[languages.en]`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The BCP 47 tag pages declare (`<html lang>`, `hreflang`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-Hans",
            Lang::En => "en",
        }
    }
}

/// One value per language.
pub struct PerLang<T> {
    pub zh: T,
    pub en: T,
}

impl<T> PerLang<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One interface string of the Hugo and Zola themes: its key and its text.
pub struct UiString {
    pub key: &'static str,
    pub text: &'static str,
}

pub const BASE_URL: &str = "https://example.org/";

/// Body bytes each article reaches (per language) before its front matter.
pub const TARGET_BODY_BYTES: usize = 2000;

pub const TITLE: PerLang<&str> = PerLang { zh: "高新区观察", en: "High-tech Zone Watch" };

pub const DESCRIPTION: PerLang<&str> = PerLang {
    zh: "高新区高质量发展系列报道，中英双语。",
    en: "A series of reports on high-quality growth in the high-tech zone, in Chinese and English.",
};

pub const FOOTER: PerLang<&str> = PerLang {
    zh: "本站为 broadsheet 基准测试生成的示例内容。",
    en: "Sample content generated for the broadsheet benchmark.",
};

pub const LANG_NAME: PerLang<&str> = PerLang { zh: "中文", en: "English" };

pub const TOPICS: PerLang<[&str; 10]> = PerLang {
    zh: [
        "聚力科技创新",
        "打造产业集群",
        "优化营商环境",
        "培育专精特新",
        "推动绿色转型",
        "建设人才高地",
        "深化开放合作",
        "提升园区能级",
        "壮大数字经济",
        "强化要素保障",
    ],
    en: [
        "Betting on innovation",
        "Building industrial clusters",
        "A better business climate",
        "Growing specialist firms",
        "The green transition",
        "A home for talent",
        "Opening up further",
        "Upgrading the parks",
        "The digital economy",
        "Securing land and power",
    ],
};

pub const SENTENCES: PerLang<[&str; 20]> = PerLang {
    zh: [
        "高新区坚持把科技创新摆在发展全局的核心位置，持续加大研发投入。",
        "去年全区规上工业总产值突破1200亿元，同比增长8.5%，增速居全市前列。",
        "园区内高新技术企业数量达到486家，比五年前翻了一番。",
        "一批龙头企业带动上下游配套企业集聚，形成了较为完整的产业链条。",
        "新能源电池、智能装备和生物医药三大产业成为经济增长的主要引擎。",
        "区内建成省级以上研发机构112个，企业研发投入占营业收入比重超过4%。",
        "政务服务实现一网通办，企业开办时间压缩至半个工作日以内。",
        "为破解用地难题，高新区推动低效用地再开发，新增产业用地3000余亩。",
        "人才公寓、国际学校和三甲医院相继落地，城市配套日益完善。",
        "面向粤港澳大湾区，高新区主动对接广州、深圳等地的创新资源。",
        "今年一季度，全区实际利用外资同比增长21.3%，外贸进出口稳中有升。",
        "园区推行链长制，由区领导挂帅，逐条产业链研究招商和服务方案。",
        "一家本地电池企业的新产线投产后，年产能可达10GWh。",
        "科技型中小企业可以申请研发费用后补助，最高可获得500万元支持。",
        "高新区还设立了总规模50亿元的产业引导基金，撬动社会资本投入。",
        "专家认为，冲刺全国高新区前50强，关键在于创新能力和产业质量。",
        "下一步，高新区将在数字化改造和绿色低碳发展上持续发力。",
        "不少企业负责人表示，审批更快了，服务更贴心了，投资信心更足了。",
        "全区单位工业增加值能耗连续三年下降，绿色工厂数量位居全省前列。",
        "孵化器和众创空间累计孵化企业800多家，其中不少已成长为行业骨干。",
    ],
    en: [
        "The zone has put research at the centre of its growth plan and keeps raising spending on it.",
        "Output of large industrial firms passed 120 billion yuan last year, up 8.5 per cent.",
        "The number of certified high-tech companies has doubled in five years to 486.",
        "A handful of anchor firms have pulled suppliers into the parks around them.",
        "Batteries, smart equipment and biomedicine are now the main engines of growth.",
        "Companies here spend more than 4 per cent of their revenue on research.",
        "Registering a company now takes less than half a working day, all of it online.",
        "Idle industrial land is being redeveloped, freeing more than 3,000 mu for factories.",
        "Staff housing, an international school and a top-grade hospital have all opened.",
        "The zone looks to Guangzhou and Shenzhen for partners, ideas and capital.",
        "Foreign direct investment rose 21.3 per cent in the first quarter of the year.",
        "Each supply chain has a senior official in charge of finding and keeping investors.",
        "A new battery line at a local maker will produce 10 GWh a year at full speed.",
        "Small technology firms can claim back part of their research costs, up to 5 million yuan.",
        "A 5-billion-yuan guidance fund is meant to draw private money into the parks.",
        "Experts say the race for the national top 50 will be won on innovation and quality.",
        "Next, the zone plans to push digital upgrades and cut its carbon footprint.",
        "Several managers said approvals are faster now and officials easier to reach.",
        "Energy use per unit of industrial output has fallen for three years in a row.",
        "Incubators have hosted more than 800 start-ups, many of them now leaders in their field.",
    ],
};

pub const LIST: PerLang<[&str; 8]> = PerLang {
    zh: [
        "加快建设创新平台",
        "引进高层次人才团队",
        "完善产业链配套",
        "推进数字化改造",
        "优化政务服务流程",
        "拓展国际合作渠道",
        "盘活存量低效用地",
        "发展绿色低碳产业",
    ],
    en: [
        "build more research platforms",
        "bring in senior research teams",
        "fill the gaps in supply chains",
        "help factories go digital",
        "simplify public services",
        "find partners abroad",
        "redevelop idle land",
        "grow low-carbon industries",
    ],
};

pub const ROWS: PerLang<[&str; 6]> = PerLang {
    zh: [
        "规上工业总产值",
        "高新技术企业",
        "研发投入强度",
        "实际利用外资",
        "外贸进出口总额",
        "新增产业用地",
    ],
    en: [
        "Industrial output",
        "High-tech firms",
        "R&D intensity",
        "Foreign investment",
        "Foreign trade",
        "New industrial land",
    ],
};

/// The Hugo and Zola themes' interface strings, in the order their files list
/// them (the footer, and for Zola the language name, follow these).
pub const UI: PerLang<[UiString; 5]> = PerLang {
    zh: [
        UiString { key: "skip", text: "跳到正文" },
        UiString { key: "switcher", text: "语言" },
        UiString { key: "read", text: "阅读全文" },
        UiString { key: "notfound", text: "页面未找到" },
        UiString { key: "home", text: "返回首页" },
    ],
    en: [
        UiString { key: "skip", text: "Skip to content" },
        UiString { key: "switcher", text: "Language" },
        UiString { key: "read", text: "Read the article" },
        UiString { key: "notfound", text: "Page not found" },
        UiString { key: "home", text: "Back to the home page" },
    ],
};
