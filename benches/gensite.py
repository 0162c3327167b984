#!/usr/bin/env python3
"""Generates the benchmark site: N Chinese articles and their N English
translations, deterministically, for broadsheet, Hugo or Zola.

    python3 benches/gensite.py --tool broadsheet --n 1000 --out /tmp/site
    python3 benches/gensite.py --tool hugo --n 1000 --out /tmp/site-hugo
    python3 benches/gensite.py --tool zola --n 1000 --out /tmp/site-zola

Every tool gets the same text. Each article is ~2 KB of hard-wrapped Markdown
(Chinese lines of about 20 characters, English lines of about 72) with three
headings (one with an explicit `{#overview}` id), a list, a table, two internal
links to neighbouring articles (one to the `#overview` anchor), an external link
and an image. Two section pages (`posts/_index.md`, `posts/_index.en.md`) list
every article; a home page per language links to its section.

The image is one tiny real PNG shared by every article at `/images/bench.png`
(a relative `image.png` would resolve against each language's page URL, so a
shared, site-absolute file is the only form that works for both languages in all
three tools).

Standard library only. The output depends on N and nothing else: article k is the
same text at any N, except that its "next" link wraps around to article 1.
"""

import argparse
import datetime
import os
import shutil
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

BASE_URL = "https://example.org/"
TITLE = {"zh": "高新区观察", "en": "High-tech Zone Watch"}
DESCRIPTION = {
    "zh": "高新区高质量发展系列报道，中英双语。",
    "en": "A series of reports on high-quality growth in the high-tech zone, in Chinese and English.",
}
FOOTER = {
    "zh": "本站为 broadsheet 基准测试生成的示例内容。",
    "en": "Sample content generated for the broadsheet benchmark.",
}
LANG_NAME = {"zh": "中文", "en": "English"}
TARGET_BODY_BYTES = 2000  # per article, per language

ZH_TOPICS = [
    "聚力科技创新", "打造产业集群", "优化营商环境", "培育专精特新", "推动绿色转型",
    "建设人才高地", "深化开放合作", "提升园区能级", "壮大数字经济", "强化要素保障",
]
EN_TOPICS = [
    "Betting on innovation", "Building industrial clusters", "A better business climate",
    "Growing specialist firms", "The green transition", "A home for talent",
    "Opening up further", "Upgrading the parks", "The digital economy",
    "Securing land and power",
]
ZH_SENTENCES = [
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
]
EN_SENTENCES = [
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
]
ZH_LIST = [
    "加快建设创新平台", "引进高层次人才团队", "完善产业链配套", "推进数字化改造",
    "优化政务服务流程", "拓展国际合作渠道", "盘活存量低效用地", "发展绿色低碳产业",
]
EN_LIST = [
    "build more research platforms", "bring in senior research teams",
    "fill the gaps in supply chains", "help factories go digital",
    "simplify public services", "find partners abroad",
    "redevelop idle land", "grow low-carbon industries",
]
ZH_ROWS = ["规上工业总产值", "高新技术企业", "研发投入强度", "实际利用外资", "外贸进出口总额", "新增产业用地"]
EN_ROWS = ["Industrial output", "High-tech firms", "R&D intensity", "Foreign investment", "Foreign trade", "New industrial land"]


class Rng:
    """A small deterministic LCG, so the output never depends on Python's hash seed."""

    def __init__(self, seed):
        self.state = (seed * 2654435761 + 12345) & 0xFFFFFFFF

    def next(self, bound):
        self.state = (self.state * 1664525 + 1013904223) & 0xFFFFFFFF
        return (self.state >> 8) % bound

    def pick(self, items):
        return items[self.next(len(items))]


def slug(k):
    return f"post-{k:05d}"


# ---------------------------------------------------------------- wrapping


def zh_tokens(text):
    """Splits Chinese text into wrap units: one CJK character each, an ASCII run
    as one unit (never broken inside a number or word)."""
    tokens, run = [], ""
    for ch in text:
        if ord(ch) < 128:
            run += ch
        else:
            if run:
                tokens.append(run)
                run = ""
            tokens.append(ch)
    if run:
        tokens.append(run)
    return tokens


BREAK = ("break",)  # a forced line break inside a paragraph
NO_LINE_START = set("，。、；：？！）》」』”’")


def wrap_zh(parts, width=20):
    """Hard-wraps a Chinese paragraph at about `width` characters. `parts` is a
    list of plain strings, ("atom", markdown, visible) tuples (links), which are
    never broken, and BREAK, which ends the line."""
    units = []
    for p in parts:
        if p == BREAK:
            units.append(("\n", 0))
        elif isinstance(p, tuple):
            units.append((p[1], len(p[2])))
        else:
            for t in zh_tokens(p):
                units.append((t, 1 if ord(t[0]) >= 128 else (len(t) + 1) // 2))
    lines, line, used = [], "", 0
    for text, w in units:
        if text == "\n":
            lines.append(line)
            line, used = "", 0
            continue
        # Closing punctuation never starts a line (it may overhang instead).
        if used + w > width and line and text not in NO_LINE_START:
            lines.append(line)
            line, used = "", 0
        line += text
        used += w
    if line:
        lines.append(line)
    return "\n".join(lines)


def wrap_en(parts, width=72):
    words = []
    for p in parts:
        if p == BREAK:
            continue
        for w in [p[1]] if isinstance(p, tuple) else p.split():
            if words and w[0] in ",.;:":
                words[-1] += w  # punctuation stays with the word before it
            else:
                words.append(w)
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return "\n".join(lines)


# ---------------------------------------------------------------- links per tool


def link_target(tool, lang, path, anchor=None):
    """`path` is the default-language source path (`posts/post-00001.md`,
    `posts/_index.md`)."""
    frag = f"#{anchor}" if anchor else ""
    if tool == "broadsheet":
        # Translation keys: the same name in every language.
        return f"@/{path}{frag}"
    if tool == "zola":
        # Zola links name the exact file.
        if lang != "zh":
            path = path[: -len(".md")] + f".{lang}.md"
        return f"@/{path}{frag}"
    if tool == "hugo":
        ref = "/" + path[: -len(".md")]
        if ref.endswith("/_index"):
            ref = ref[: -len("/_index")]
        return '{{< relref "' + ref + frag + '" >}}'
    raise ValueError(tool)


# ---------------------------------------------------------------- articles


def article_date(k):
    return datetime.date(2024, 1, 1) + datetime.timedelta(days=(k - 1) % 366)


def front_matter(title, description, date, weight, extra_lines=()):
    lines = ["+++", f'title = "{title}"', f'description = "{description}"']
    if date is not None:
        lines.append(f"date = {date.isoformat()}")
    if weight is not None:
        lines.append(f"weight = {weight}")
    lines.extend(extra_lines)
    lines.append("+++")
    return "\n".join(lines) + "\n"


def article(tool, lang, k, n):
    rng = Rng(k)
    prev_k = k - 1 if k > 1 else n
    next_k = k + 1 if k < n else 1
    topic_i = (k - 1) % len(ZH_TOPICS)
    zh = lang == "zh"
    sentences = ZH_SENTENCES if zh else EN_SENTENCES
    wrap = wrap_zh if zh else wrap_en
    # A shuffled order of the sentence pool, read in turn: no sentence repeats
    # before the pool is used up.
    order = list(range(len(sentences)))
    for i in range(len(order) - 1, 0, -1):
        j = rng.next(i + 1)
        order[i], order[j] = order[j], order[i]
    cursor = [0]

    def para(count):
        out = []
        for _ in range(count):
            out.append(sentences[order[cursor[0] % len(order)]])
            cursor[0] += 1
        return out if zh else [" ".join(out)]

    if zh:
        title = f"高新区观察第{k}篇：{ZH_TOPICS[topic_i]}"
        description = f"第{k}篇报道，关注{ZH_TOPICS[topic_i]}。"
        headings = ["发展概况 {#overview}", "主要数据", "未来展望"]
        items = [ZH_LIST[(topic_i + i) % len(ZH_LIST)] for i in range(4)]
        rows = ZH_ROWS
        head = "| 指标 | 数值 | 同比 |"
        prev_text, next_text = f"第{prev_k}篇", f"第{next_k}篇的概况"
        ext_text = "国家统计局"
        alt = f"第{k}篇配图：高新区园区鸟瞰"
        links = [
            "相关报道见",
            ("atom", f"[{prev_text}]({link_target(tool, lang, f'posts/{slug(prev_k)}.md')})", prev_text),
            "和",
            ("atom", f"[{next_text}]({link_target(tool, lang, f'posts/{slug(next_k)}.md', 'overview')})", next_text),
            "，数据来源于",
            # Hard-wrapped text breaks lines next to links too: here on both sides.
            BREAK,
            ("atom", f"[{ext_text}](https://www.stats.gov.cn/)", ext_text),
            BREAK,
            "及高新区管委会公开资料。",
        ]
    else:
        title = f"High-tech Zone Watch No. {k}: {EN_TOPICS[topic_i]}"
        description = f"Report {k} in the series, on {EN_TOPICS[topic_i].lower()}."
        headings = ["Overview {#overview}", "Key figures", "Outlook"]
        items = [EN_LIST[(topic_i + i) % len(EN_LIST)] for i in range(4)]
        rows = EN_ROWS
        head = "| Indicator | Value | Change |"
        prev_text, next_text = f"report {prev_k}", f"the overview of report {next_k}"
        ext_text = "the National Bureau of Statistics"
        alt = f"Illustration for report {k}: the zone from the air"
        links = [
            "See also",
            ("atom", f"[{prev_text}]({link_target(tool, lang, f'posts/{slug(prev_k)}.md')})", prev_text),
            "and",
            ("atom", f"[{next_text}]({link_target(tool, lang, f'posts/{slug(next_k)}.md', 'overview')})", next_text),
            "; the figures come from",
            ("atom", f"[{ext_text}](https://www.stats.gov.cn/)", ext_text),
            "and the zone's own reports.",
        ]

    table = [head, "| --- | --- | --- |"]
    for i in range(4):
        value = 100 + (k * 37 + i * 11) % 900
        change = ((k * 13 + i * 7) % 200) / 10
        table.append(f"| {rows[(topic_i + i) % len(rows)]} | {value} | {change}% |")

    blocks = [
        wrap(para(3)),
        f"## {headings[0]}",
        wrap(para(3)),
        "\n".join(f"- {it}" for it in items),
        f"## {headings[1]}",
        "\n".join(table),
        wrap(links),
        f"![{alt}](/images/bench.png)",
        f"## {headings[2]}",
    ]
    # The last paragraph grows until the body reaches the target size.
    last = []
    while True:
        last.extend(para(1))
        body = "\n\n".join(blocks + [wrap(last if zh else [" ".join(last)])]) + "\n"
        if len(body.encode()) >= TARGET_BODY_BYTES:
            break
    fm = front_matter(title, description, article_date(k), k)
    return fm + "\n" + body


def home(tool, lang, n):
    target = link_target(tool, lang, "posts/_index.md")
    if lang == "zh":
        text = wrap_zh(["本站收录", ("atom", f"[全部{n}篇文章]({target})", f"全部{n}篇文章"),
                        "，关注高新区的创新、产业和营商环境。"])
        fm = front_matter("首页", "", None, None)
    else:
        text = wrap_en(["This site holds", ("atom", f"[all {n} articles]({target})", f"all {n} articles"),
                        "on innovation, industry and business in the high-tech zone."])
        fm = front_matter("Home", "", None, None)
    return fm + "\n" + text + "\n"


def section(tool, lang):
    extra = ['sort_by = "weight"'] if tool == "zola" else []
    if lang == "zh":
        return front_matter("全部文章", "高新区观察系列的全部文章。", None, None, extra) + "\n本栏目按顺序收录全部文章。\n"
    return front_matter("All articles", "Every article in the series.", None, None, extra) + "\nEvery article in the series, in order.\n"


# ---------------------------------------------------------------- files


def png_bytes(width=8, height=8):
    """A tiny real PNG (8×8, RGB), made with zlib."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 30 % 256, y * 30 % 256, 160)) for x in range(width))
        for y in range(height)
    )
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_bytes(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def content_name(tool, lang, stem):
    # All three tools take the language from the file name: `x.md` is the default
    # language (zh), `x.en.md` English.
    return f"{stem}.md" if lang == "zh" else f"{stem}.{lang}.md"


def write_content(tool, out, n):
    content = os.path.join(out, "content")
    for lang in ("zh", "en"):
        write(os.path.join(content, content_name(tool, lang, "_index")), home(tool, lang, n))
        write(os.path.join(content, "posts", content_name(tool, lang, "_index")), section(tool, lang))
        for k in range(1, n + 1):
            write(os.path.join(content, "posts", content_name(tool, lang, slug(k))), article(tool, lang, k, n))


def theme_static():
    static = os.path.join(REPO, "templates", "static")
    return {name: open(os.path.join(static, name), "rb").read() for name in ("style.css", "favicon.svg")}


def gen_broadsheet(out, n):
    write(os.path.join(out, "config.toml"), f"""# broadsheet benchmark site (benches/gensite.py)
base_url = "{BASE_URL}"
default_language = "zh"
minify = true

[languages.zh]
tag = "zh-Hans"
title = "{TITLE['zh']}"
description = "{DESCRIPTION['zh']}"

[languages.en]
tag = "en"
title = "{TITLE['en']}"
description = "{DESCRIPTION['en']}"
""")
    write_content("broadsheet", out, n)
    # A content asset, copied as it is to /images/bench.png.
    write_bytes(os.path.join(out, "content", "images", "bench.png"), png_bytes())
    # The repo's default theme, copied (the content walk does not follow links).
    shutil.copytree(os.path.join(REPO, "templates"), os.path.join(out, "templates"), dirs_exist_ok=True)


HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<meta name="color-scheme" content="light dark">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}{{ range .AllTranslations }}{{ if eq .Lang "zh" }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{ end }}{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="icon" href="{{ "favicon.svg" | relURL }}" type="image/svg+xml">
</head>
<body class="lang-{{ .Lang }}">
<a class="skip-link" href="#main">{{ i18n "skip" }}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="{{ "/" | relLangURL }}">{{ site.Title }}</a>
<nav class="switcher" aria-label="{{ i18n "switcher" }}">
<ul>
{{ $current := .Lang }}{{ range .AllTranslations }}{{ if eq .Lang $current }}<li><span class="current" aria-current="true">{{ .Language.LanguageName }}</span></li>
{{ else }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Site.LanguageCode }}" lang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a></li>
{{ end }}{{ end }}
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ i18n "footer" }}</p>
</div>
</footer>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}
<article class="wrap prose">
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"""
HUGO_LIST = """{{ define "main" }}
<div class="wrap prose">
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Pages }}<ul class="listing">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>{{ end }}
</div>
{{ end }}
"""
HUGO_INDEX = """{{ define "main" }}
<div class="wrap home">
<header class="hero">
<h1>{{ .Title }}</h1>
<p><a class="button" href="#main">{{ i18n "read" }}</a></p>
</header>
<div class="prose intro">{{ .Content }}</div>
</div>
{{ end }}
"""
HUGO_404 = """{{ define "main" }}
<div class="wrap prose not-found">
<h1>{{ i18n "notfound" }}</h1>
<p><a href="{{ "/" | relLangURL }}">{{ i18n "home" }}</a></p>
</div>
{{ end }}
"""
UI = {
    "zh": {"skip": "跳到正文", "switcher": "语言", "read": "阅读全文", "notfound": "页面未找到", "home": "返回首页"},
    "en": {"skip": "Skip to content", "switcher": "Language", "read": "Read the article", "notfound": "Page not found", "home": "Back to the home page"},
}


def write_statics(static_dir):
    for name, data in theme_static().items():
        write_bytes(os.path.join(static_dir, name), data)
    write_bytes(os.path.join(static_dir, "images", "bench.png"), png_bytes())


def gen_hugo(out, n):
    langs = ""
    for weight, lang in enumerate(("zh", "en"), 1):
        code = "zh-Hans" if lang == "zh" else "en"
        langs += f"""
[languages.{lang}]
languageCode = "{code}"
languageName = "{LANG_NAME[lang]}"
title = "{TITLE[lang]}"
weight = {weight}
[languages.{lang}.params]
description = "{DESCRIPTION[lang]}"
"""
    write(os.path.join(out, "hugo.toml"), f"""# Hugo version of the broadsheet benchmark site (benches/gensite.py)
baseURL = "{BASE_URL}"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = false
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[minify]
minifyOutput = true
{langs}""")
    write_content("hugo", out, n)
    layouts = os.path.join(out, "layouts")
    write(os.path.join(layouts, "_default", "baseof.html"), HUGO_BASEOF)
    write(os.path.join(layouts, "_default", "single.html"), HUGO_SINGLE)
    write(os.path.join(layouts, "_default", "list.html"), HUGO_LIST)
    write(os.path.join(layouts, "index.html"), HUGO_INDEX)
    write(os.path.join(layouts, "404.html"), HUGO_404)
    for lang in ("zh", "en"):
        strings = dict(UI[lang], footer=FOOTER[lang])
        write(os.path.join(out, "i18n", f"{lang}.toml"),
              "".join(f'[{k}]\nother = "{v}"\n' for k, v in strings.items()))
    write_statics(os.path.join(out, "static"))


ZOLA_BASE = """<!DOCTYPE html>
<html lang="{% if lang == "zh" %}zh-Hans{% else %}{{ lang }}{% endif %}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
<meta name="color-scheme" content="light dark">
{% block alternates %}{% endblock alternates %}
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
<link rel="icon" href="{{ get_url(path='favicon.svg') }}" type="image/svg+xml">
</head>
<body class="lang-{{ lang }}">
<a class="skip-link" href="#main">{{ trans(key="skip", lang=lang) }}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="{{ config.base_url }}{% if lang != config.default_language %}/{{ lang }}{% endif %}/">{{ config.title }}</a>
<nav class="switcher" aria-label="{{ trans(key="switcher", lang=lang) }}">
<ul>
{% block switcher %}{% endblock switcher %}
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
{% block main %}{% endblock main %}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ trans(key="footer", lang=lang) }}</p>
</div>
</footer>
</body>
</html>
"""
ZOLA_TRANSLATIONS = """{% block alternates %}<link rel="canonical" href="{{ ITEM.permalink }}">
{% for t in ITEM.translations %}<link rel="alternate" hreflang="{% if t.lang == "zh" %}zh-Hans{% else %}{{ t.lang }}{% endif %}" href="{{ t.permalink }}">
{% if t.lang == config.default_language %}<link rel="alternate" hreflang="x-default" href="{{ t.permalink }}">
{% endif %}{% endfor %}{% endblock alternates %}
{% block switcher %}{% for t in ITEM.translations %}{% if t.lang == lang %}<li><span class="current" aria-current="true">{{ trans(key="name", lang=t.lang) }}</span></li>
{% else %}<li><a href="{{ t.permalink }}" hreflang="{% if t.lang == "zh" %}zh-Hans{% else %}{{ t.lang }}{% endif %}">{{ trans(key="name", lang=t.lang) }}</a></li>
{% endif %}{% endfor %}{% endblock switcher %}
"""
ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
""" + ZOLA_TRANSLATIONS.replace("ITEM", "page") + """{% block main %}
<article class="wrap prose">
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>
{% endblock main %}
"""
ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
""" + ZOLA_TRANSLATIONS.replace("ITEM", "section") + """{% block main %}
<div class="wrap prose">
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% if section.pages %}<ul class="listing">
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>
{% endfor %}</ul>{% endif %}
</div>
{% endblock main %}
"""
ZOLA_INDEX = """{% extends "base.html" %}
""" + ZOLA_TRANSLATIONS.replace("ITEM", "section") + """{% block main %}
<div class="wrap home">
<header class="hero">
<h1>{{ section.title }}</h1>
<p><a class="button" href="#main">{{ trans(key="read", lang=lang) }}</a></p>
</header>
<div class="prose intro">{{ section.content | safe }}</div>
</div>
{% endblock main %}
"""
ZOLA_404 = """{% extends "base.html" %}
{% block main %}
<div class="wrap prose not-found">
<h1>{{ trans(key="notfound", lang=lang) }}</h1>
</div>
{% endblock main %}
"""


def gen_zola(out, n):
    def translations(lang):
        strings = dict(UI[lang], footer=FOOTER[lang], name=LANG_NAME[lang])
        return "".join(f'{k} = "{v}"\n' for k, v in strings.items())

    write(os.path.join(out, "config.toml"), f"""# Zola version of the broadsheet benchmark site (benches/gensite.py)
base_url = "{BASE_URL.rstrip('/')}"
default_language = "zh"
title = "{TITLE['zh']}"
description = "{DESCRIPTION['zh']}"
minify_html = true
compile_sass = false
build_search_index = false

[translations]
{translations('zh')}
[languages.en]
title = "{TITLE['en']}"
description = "{DESCRIPTION['en']}"

[languages.en.translations]
{translations('en')}""")
    write_content("zola", out, n)
    tpl = os.path.join(out, "templates")
    write(os.path.join(tpl, "base.html"), ZOLA_BASE)
    write(os.path.join(tpl, "page.html"), ZOLA_PAGE)
    write(os.path.join(tpl, "section.html"), ZOLA_SECTION)
    write(os.path.join(tpl, "index.html"), ZOLA_INDEX)
    write(os.path.join(tpl, "404.html"), ZOLA_404)
    write_statics(os.path.join(out, "static"))


GENERATORS = {"broadsheet": gen_broadsheet, "hugo": gen_hugo, "zola": gen_zola}


def generate(tool, out, n):
    if n < 1:
        raise ValueError("N must be at least 1")
    if os.path.exists(out) and os.listdir(out):
        raise FileExistsError(f"{out} exists and is not empty")
    os.makedirs(out, exist_ok=True)
    GENERATORS[tool](out, n)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", choices=sorted(GENERATORS), default="broadsheet")
    ap.add_argument("--n", type=int, required=True, help="number of articles per language")
    ap.add_argument("--out", required=True, help="the site folder to create (must be empty or absent)")
    args = ap.parse_args(argv)
    try:
        generate(args.tool, args.out, args.n)
    except (ValueError, FileExistsError) as e:
        print(f"gensite: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
