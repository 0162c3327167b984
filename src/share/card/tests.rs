//! The cards drawn and read back: size, ink, fit, refusals.

use super::*;
use resvg::usvg::fontdb;

const PAPER: Colours<'static> =
    Colours { background: "#fdfcf9", text: "#1a1a1a", accent: "#b3261e" };

/// The system fonts, read afresh: each test stands alone.
fn fonts() -> Fonts {
    Fonts::system()
}

fn zh_card() -> Card<'static> {
    Card {
        kicker: "攀高向新 冲刺50强",
        headline: "江门高新区高质量发展“热辣滚烫”",
        site_title: "江门高新区 · 冲刺50强",
        lang: "zh-Hans",
        colours: PAPER,
        photo: None,
    }
}

fn en_card() -> Card<'static> {
    Card {
        kicker: "Climbing higher, sprinting for the top 50",
        headline: "Jiangmen High-tech Zone's high-quality development is red hot",
        site_title: "Jiangmen High-tech Zone · Sprinting for the top 50",
        lang: "en",
        colours: PAPER,
        photo: None,
    }
}

/// True when the machine has a CJK face; drawing tests skip otherwise.
fn have_cjk() -> bool {
    let ok = fonts().identity(&zh_card()).is_some();
    if !ok {
        println!("skipped: no installed font covers Chinese");
    }
    ok
}

/// Every headline line lies inside the text box, above the hairline.
fn assert_inside(card: &Card) -> Headline {
    let (tree, headline) = build_tree(card, &fonts()).expect("tree");
    assert!(!headline.lines.is_empty() && headline.lines.len() <= 4, "{headline:?}");
    for i in 0..headline.lines.len() {
        let node = tree.node_by_id(&format!("headline-{i}")).expect("line drawn");
        let b = node.abs_bounding_box();
        assert!(b.left() >= MARGIN - 8.0, "line {i} starts at {}", b.left());
        assert!(b.right() <= MARGIN + TEXT_WIDTH + 1.0, "line {i} ends at {}", b.right());
        assert!(b.top() >= BODY_TOP - 12.0 && b.bottom() <= HAIRLINE_Y, "line {i}: {b:?}");
    }
    headline
}

/// Decodes a card, checks its size and that the headline left ink.
fn check_png(png: &[u8], background: [u8; 3]) {
    let image = image::load_from_memory(png).expect("valid PNG").to_rgb8();
    assert_eq!(image.dimensions(), (WIDTH, HEIGHT));
    let first = *image.get_pixel(0, 0);
    assert!(image.pixels().any(|p| *p != first), "blank card");
    let inked = (BODY_TOP as u32..BODY_BOTTOM as u32)
        .flat_map(|y| (MARGIN as u32..(MARGIN + TEXT_WIDTH) as u32).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let p = image.get_pixel(x, y).0;
            p.iter().zip(background).any(|(a, b)| a.abs_diff(b) > 64)
        })
        .count();
    assert!(inked > 5_000, "only {inked} inked pixels in the headline area");
}

fn draw_sample(card: &Card, file: &str) -> Vec<u8> {
    let png = draw(card, &fonts()).expect("drawn");
    let again = draw(card, &fonts()).expect("drawn again");
    assert!(png == again, "two draws differ");
    // Kept beside the other temporary files, to look at.
    let path = std::env::temp_dir().join(format!("broadsheet-card-{file}"));
    let _ = std::fs::write(path, &png);
    png
}

#[test]
fn chinese_card() {
    if !have_cjk() {
        return;
    }
    let png = draw_sample(&zh_card(), "zh.png");
    check_png(&png, [0xfd, 0xfc, 0xf9]);
    let headline = assert_inside(&zh_card());
    assert_eq!(headline.size, HEADLINE_SIZES[0], "{headline:?}");
}

#[test]
fn english_card() {
    if !have_cjk() {
        return;
    }
    let png = draw_sample(&en_card(), "en.png");
    check_png(&png, [0xfd, 0xfc, 0xf9]);
    assert_inside(&en_card());
}

#[test]
fn photo_card() {
    if !have_cjk() {
        return;
    }
    let photo = gradient_jpeg(1600, 900);
    let card = Card { photo: Some(&photo), ..zh_card() };
    let png = draw_sample(&card, "photo.png");
    let image = image::load_from_memory(&png).expect("valid PNG").to_rgb8();
    let corner = image.get_pixel(4, 4).0;
    assert!(corner.iter().all(|c| *c < 110), "veil too light: {corner:?}");
    check_png(&png, corner);
}

fn gradient_jpeg(w: u32, h: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 200])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg).expect("JPEG encoded");
    out.into_inner()
}

#[test]
fn long_headlines_stay_in_the_box() {
    if !have_cjk() {
        return;
    }
    let zh = "江门高新区坚持以高质量发展为主线，".repeat(7);
    let zh: String = zh.chars().take(110).collect();
    let headline = assert_inside(&Card { headline: &zh, ..zh_card() });
    assert_eq!(headline.lines.len(), 4);
    assert!(headline.lines[3].ends_with('…'), "{headline:?}");
    let en = "Jiangmen's high-tech zone sprints for the top fifty ".repeat(4);
    let en: String = en.chars().take(110).collect();
    let headline = assert_inside(&Card { headline: &en, ..en_card() });
    assert!(headline.lines.len() <= 4, "{headline:?}");
}

#[test]
fn uncovered_characters_are_refused() {
    for headline in ["攀高向新🦀", "Red hot \u{F0000}"] {
        let card = Card { headline, ..zh_card() };
        match draw(&card, &fonts()) {
            Err(CardError::NoFont { missing }) => assert!(!missing.is_empty()),
            other => panic!("expected NoFont, got {:?}", other.map(|p| p.len())),
        }
        assert!(fonts().identity(&card).is_none());
    }
}

#[test]
fn no_fonts_means_no_card() {
    let empty = Fonts::from_database(fontdb::Database::new());
    match draw(&en_card(), &empty) {
        Err(CardError::NoFont { missing }) => assert!(missing.contains('J')),
        other => panic!("expected NoFont, got {:?}", other.map(|p| p.len())),
    }
    assert!(empty.identity(&en_card()).is_none());
}

#[test]
fn identity_names_the_faces() {
    if !have_cjk() {
        return;
    }
    let id = fonts().identity(&zh_card()).expect("faces");
    assert!(id.contains("headline=") && id.contains("kicker=") && id.contains("site="));
    assert_eq!(Some(id), fonts().identity(&zh_card()));
}

#[test]
fn fonts_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Fonts>();
}

#[test]
fn colours_parse() {
    assert_eq!(Rgb::parse("#fdfcf9").ok(), Some(Rgb([0xfd, 0xfc, 0xf9])));
    assert_eq!(Rgb::parse("#fff").ok(), Some(Rgb::WHITE));
    assert!(Rgb::parse("red").is_err() && Rgb::parse("#12345").is_err());
    assert_eq!(Rgb([0, 0, 0]).mix(Rgb::WHITE, 0.5), Rgb([128, 128, 128]));
    let card = Card { colours: Colours { text: "#zzz", ..PAPER }, ..en_card() };
    assert!(matches!(draw(&card, &fonts()), Err(CardError::Draw(_))));
}

#[test]
fn text_is_cleaned_and_regions_read_from_tags() {
    assert_eq!(clean("  a\u{200B}b \n\t c\u{7}  "), "ab c");
    assert_eq!(cjk_region("zh-Hans"), Some("SC"));
    assert_eq!(cjk_region("zh-TW"), Some("TC"));
    assert_eq!(cjk_region("en-GB"), None);
}

#[test]
fn markup_characters_are_drawn_as_text() {
    if !have_cjk() {
        return;
    }
    let card = Card { headline: "Tom & Jerry <script> \"quoted\" </svg>", ..en_card() };
    let headline = assert_inside(&card);
    assert_eq!(headline.lines.join(" "), card.headline);
}
