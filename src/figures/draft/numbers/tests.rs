//! The cases of the issue, one by one, and the numerals that are no quantity.

use super::*;

/// Each mention as (display, value, unit).
fn read_all(s: &str) -> Vec<(String, f64, String)> {
    mentions(s).into_iter().map(|m| (s[m.span].to_string(), m.value, m.unit)).collect()
}

fn one(s: &str) -> (String, f64, String) {
    let all = read_all(s);
    assert_eq!(all.len(), 1, "{s}: {all:?}");
    all.into_iter().next().unwrap()
}

fn shows(s: &str) -> Vec<String> {
    read_all(s).into_iter().map(|(d, _, _)| d).collect()
}

#[test]
fn arabic_numbers_with_their_units() {
    assert_eq!(one("研发经费支出15.7亿元。"), ("15.7亿元".into(), 15.7, "亿元".into()));
    assert_eq!(one("拥有700多人的企业"), ("700多人".into(), 700.0, "人".into()));
    assert_eq!(one("选定3个重点项目"), ("3个".into(), 3.0, "个".into()));
    assert_eq!(one("带动7万多人就业"), ("7万多人".into(), 7.0, "万人".into()));
    assert_eq!(one("游客300多万人次"), ("300多万人次".into(), 300.0, "万人次".into()));
    assert_eq!(one("至少3个月"), ("至少3个月".into(), 3.0, "个月".into()));
    assert_eq!(one("储能规模10GWh"), ("10GWh".into(), 10.0, "GWh".into()));
    assert_eq!(one("销售额1,500万元"), ("1,500万元".into(), 1500.0, "万元".into()));
    assert_eq!(one("共有１２家"), ("１２家".into(), 12.0, "家".into()));
}

#[test]
fn qualifiers_stay_in_the_display() {
    assert_eq!(one("全社会研发经费支出超15.7亿元").0, "超15.7亿元");
    assert_eq!(one("面积仅110平方公里").0, "仅110平方公里");
    assert_eq!(one("用时缩短90%以上").0, "90%以上");
    assert_eq!(one("不到半个小时").0, "不到半个小时");
    assert_eq!(one("收获了上千个点赞").0, "上千个");
    assert_eq!(one("吸引超过8万人次").0, "超过8万人次");
    assert_eq!(one("约30%"), ("约30%".into(), 30.0, "%".into()));
    // Words that end in a qualifier's character are not qualifiers.
    assert_eq!(one("最近3年").0, "3年");
    assert_eq!(one("节约20%").0, "20%");
    assert_eq!(one("不仅5家").0, "5家");
}

#[test]
fn percentages_and_ranges() {
    assert_eq!(one("密度约为一般金属的20%—25%"), ("20%—25%".into(), 20.0, "%".into()));
    assert_eq!(one("占江门市超70%"), ("超70%".into(), 70.0, "%".into()));
    assert_eq!(one("需要10—15个"), ("10—15个".into(), 10.0, "个".into()));
    assert_eq!(one("用三至五年"), ("三至五年".into(), 3.0, "年".into()));
    assert_eq!(one("提高2个百分点"), ("2个百分点".into(), 2.0, "个百分点".into()));
}

#[test]
fn chinese_numerals_and_fractions() {
    assert_eq!(one("以占面积九十分之一的土地"), ("九十分之一".into(), 1.1, "%".into()));
    assert_eq!(one("集聚了超五分之一的企业"), ("超五分之一".into(), 20.0, "%".into()));
    assert_eq!(one("周期缩短三分之一"), ("三分之一".into(), 33.3, "%".into()));
    assert_eq!(one("百分之三十"), ("百分之三十".into(), 30.0, "%".into()));
    assert_eq!(one("历史已有七百多年"), ("七百多年".into(), 700.0, "年".into()));
    assert_eq!(one("超两百亿元的产业"), ("超两百亿元".into(), 200.0, "亿元".into()));
    assert_eq!(one("收入两三万元"), ("两三万元".into(), 2.0, "万元".into()));
    assert_eq!(one("两年多来"), ("两年多".into(), 2.0, "年".into()));
    assert_eq!(one("现在半天就能干完"), ("半天".into(), 0.5, "天".into()));
    assert_eq!(one("近万名志愿者"), ("近万名".into(), 1.0, "万名".into()));
    assert_eq!(one("五维一体发展格局"), ("五维一体".into(), 5.0, "维".into()));
    assert_eq!(one("几十家企业"), ("几十家".into(), 10.0, "家".into()));
    assert_eq!(one("十几个村"), ("十几个".into(), 10.0, "个".into()));
    assert_eq!(one("投资一千万元"), ("一千万元".into(), 1000.0, "万元".into()));
}

#[test]
fn multiples_ranks_and_compounds() {
    assert_eq!(one("是平均水平的2.2倍"), ("2.2倍".into(), 2.2, "倍".into()));
    assert_eq!(one("订单增长了一倍多"), ("一倍多".into(), 1.0, "倍".into()));
    assert_eq!(one("向国家高新区50强进发"), ("50强".into(), 50.0, "强".into()));
    assert_eq!(one("世界500强企业"), ("500强".into(), 500.0, "强".into()));
    assert_eq!(one("的“1+3+2”现代化产业体系"), ("1+3+2".into(), 6.0, String::new()));
    assert_eq!(one("作为唯一的国家高新区"), ("唯一".into(), 1.0, String::new()));
}

#[test]
fn dates_and_clock_times_are_not_figures() {
    assert!(read_all("2024年2月18日，甲辰龙年首个工作日").is_empty());
    assert!(read_all("每年10月至12月").is_empty());
    assert!(read_all("2021—2023年，二〇二四年，五月的水乡，6月份，90年代").is_empty());
    assert!(read_all("清晨六点，十一点半前后，18号").is_empty());
    assert_eq!(shows("2023年，新增企业12家"), ["12家"]);
}

#[test]
fn names_ordinals_and_the_article_one_are_not_figures() {
    assert!(read_all("第十四次党代会，第3季度").is_empty());
    assert!(read_all("实现5G信号全覆盖，一群“00后”，90后小伙").is_empty());
    assert!(read_all("一个地方，一幢幢厂房，一站式，一大批企业，新一代").is_empty());
    assert!(read_all("三江镇，五邑，“五一”假期，万事，亿元以上项目，二维码").is_empty());
    assert!(read_all("深入千家万户，三番五次，放眼四周，四处可见").is_empty());
    assert!(read_all("汽车零部件，零售，千万不要，千亿级产业集群").is_empty());
}

#[test]
fn every_number_of_a_sentence_in_order() {
    let s = "新建游客服务中心1个、生态停车场5个、公共厕所12座，开通专线3条。";
    assert_eq!(shows(s), ["1个", "5个", "12座", "3条"]);
    let s = "其中亿元以上项目108个，投资额超610亿元，集聚了投资50亿元的企业";
    assert_eq!(shows(s), ["108个", "超610亿元", "50亿元"]);
    assert_eq!(shows("两三天的活，一荤两素一汤只要10元"), ["两三天", "10元"]);
}

#[test]
fn spans_are_exact_slices_of_any_input() {
    for s in [
        "",
        "5",
        "超",
        "9".repeat(400).as_str(),
        "１２３４５６７８９０年",
        "第",
        "分之一",
        "3+",
        "5—",
    ] {
        for m in mentions(s) {
            assert!(s.get(m.span.clone()).is_some(), "{s:?}: {m:?}");
            assert!(m.value.is_finite());
        }
    }
    assert!(read_all(&"9".repeat(400)).is_empty(), "too large to be a value");
}
