//! Paths that try to leave the site: slugs, links, templates, symbolic links, and output folders over the sources.

use std::path::{Path, PathBuf};
use std::time::Duration;

use broadsheet::BuildOptions;

use super::*;

#[test]
fn slug_dot_dot_is_refused() {
    let site = Site::basic();
    site.write("content/notes/first.md", front("第一篇", "slug = \"..\"\n") + "\n正文\n");
    let diags = site.fails();
    let d = error(&diags, "path");
    assert_eq!(d.message, "`..` cannot be part of a URL path");
    assert_eq!(d.path.as_deref(), Some(Path::new("content/notes/first.md")));
    assert!(d.help.as_deref().unwrap().contains("slugs without `/` or `..`"), "{d}");
}

#[test]
fn absolute_and_climbing_slugs_are_refused() {
    for slug in
        ["/etc/cron.d/evil", "../../../outside", "a/../../b", "\\\\server\\\\share", ".", " "]
    {
        let site = Site::basic();
        site.write("content/notes/first.md", front("第一篇", &format!("slug = \"{slug}\"\n")));
        let diags = site.fails();
        let d = error(&diags, "path");
        assert!(d.message.ends_with("cannot be part of a URL path"), "{slug}: {d}");
        assert_eq!(d.path.as_deref(), Some(Path::new("content/notes/first.md")), "{slug}");
    }
}

#[test]
fn a_link_climbing_out_of_content_is_a_broken_link() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        front("第一篇", "") + "\n见[密码](@/../../../etc/passwd.md)。\n",
    );
    let diags = site.fails();
    let d = error(&diags, "broken-link");
    assert_eq!(d.message, "link to `@/../../../etc/passwd.md`, which does not exist in `zh`");
    assert_eq!((d.line, d.column), (Some(5), Some(2)), "{d}");
}

#[test]
fn a_template_path_climbing_out_of_templates_is_unknown() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        front("第一篇", "template = \"../../../../etc/passwd\"\n"),
    );
    let diags = site.fails();
    let d = diags.iter().find(|d| d.is_error()).unwrap();
    assert!(d.message.contains("`../../../../etc/passwd` does not exist"), "{d}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_refused_not_followed() {
    let site = Site::basic();
    std::os::unix::fs::symlink(".", site.root().join("content/notes/loop")).unwrap();
    std::os::unix::fs::symlink("self", site.root().join("content/self")).unwrap();
    let (diags, took) = within(Duration::from_secs(30), "a build over a symlink loop", move || {
        let d = site.fails();
        drop(site);
        d
    });
    assert!(took < Duration::from_secs(30));
    let messages: Vec<&str> =
        diags.iter().filter(|d| d.code == "symlink").map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`content/notes/loop` is a symbolic link; links are not followed",
            "`content/self` is a symbolic link; links are not followed",
        ]
    );
    let d = error(&diags, "symlink");
    assert_eq!(d.help.as_deref(), Some("replace the link with the file or folder itself"));
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_outside_content_is_refused_and_nothing_leaks() {
    let site = Site::basic();
    let secret = site.tmp.path().join("secret");
    std::fs::create_dir(&secret).unwrap();
    std::fs::write(secret.join("key.md"), front("SECRET-KEY", "") + "SECRET-KEY\n").unwrap();
    std::fs::write(secret.join("key.txt"), "SECRET-KEY").unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("content/outside")).unwrap();
    std::os::unix::fs::symlink(secret.join("key.txt"), site.root().join("content/key.txt"))
        .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.root().join("content/notes/passwd.md")).unwrap();
    let diags = site.fails();
    let links: Vec<_> = diags.iter().filter(|d| d.code == "symlink").collect();
    assert_eq!(links.len(), 3, "{diags:#?}");
    assert!(
        links
            .iter()
            .any(|d| d.message == "`content/outside` is a symbolic link; links are not followed")
    );
    assert!(!format!("{diags:?}").contains("SECRET-KEY"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_template_is_ignored_not_read() {
    let site = Site::basic();
    let secret = site.tmp.path().join("secret.html");
    std::fs::write(&secret, "SECRET-TEMPLATE").unwrap();
    std::fs::remove_file(site.root().join("templates/page.html")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("templates/page.html")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("templates/static/leak.txt")).unwrap();
    // Without its page template the build fails, naming it; the link is not read.
    let diags = site.fails();
    let text = format!("{diags:?}");
    assert!(text.contains("`page.html` does not exist"), "{text}");
    assert!(!text.contains("SECRET-TEMPLATE"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_is_skipped_not_read() {
    let site = Site::basic();
    for rel in ["content/notes/pipe.md", "content/notes/photos.toml", "content/notes/pipe.txt"] {
        let path =
            std::ffi::CString::new(site.root().join(rel).into_os_string().into_encoded_bytes())
                .unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    }
    // Reading a pipe with no writer would block forever.
    let (out, _) = within(Duration::from_secs(30), "a build over named pipes", move || {
        let out = site.builds();
        (out, site)
    });
    assert!(!out.0.join("notes/pipe").exists());
    assert!(!out.0.join("notes/pipe.txt").exists());
}

#[test]
fn output_folder_on_the_sources_is_refused() {
    let site = Site::basic();
    let root = site.root();
    let cases = [
        (root.join("content"), "is inside `content/`"),
        (root.join("content/notes/out"), "is inside `content/`"),
        (root.join("templates"), "is inside `templates/`"),
        (root.join("templates/static/x"), "is inside `templates/`"),
        (root.join("content/../templates/./out"), "is inside `templates/`"),
        (root.clone(), "contains the site itself"),
        (site.tmp.path().to_path_buf(), "contains the site itself"),
        (PathBuf::from("/"), "contains the site itself"),
    ];
    let before = snapshot(site.tmp.path());
    for (out, expected) in cases {
        let err = broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.code, "output-dir", "{}: {d}", out.display());
        assert!(d.message.ends_with(expected), "{}: {d}", out.display());
        assert!(d.help.is_some());
        assert_eq!(snapshot(site.tmp.path()), before, "{}", out.display());
    }
    // The same through `output_dir` in config.toml, relative to the root.
    for dir in ["content", "templates/x", ".", ".."] {
        let config = site.read("config.toml");
        site.write("config.toml", format!("output_dir = \"{dir}\"\n{config}"));
        let err = broadsheet::build(&BuildOptions::new(&root)).unwrap_err();
        assert_eq!(err.diagnostics()[0].code, "output-dir", "{dir}: {err}");
        site.write("config.toml", config);
    }
}

#[cfg(unix)]
#[test]
fn output_folder_reached_through_a_symlink_into_content_is_refused() {
    let site = Site::basic();
    let root = site.root();
    // `site/link` → `site/content`, so `site/link/public` is `content/public`.
    std::os::unix::fs::symlink(root.join("content"), site.tmp.path().join("link")).unwrap();
    let before = snapshot(&root);
    let err =
        broadsheet::build(&BuildOptions::new(&root).output(site.tmp.path().join("link/public")))
            .unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.code, "output-dir", "{d}");
    assert!(d.message.contains("is inside `content/`"), "{d}");
    assert_eq!(snapshot(&root), before);
}

#[cfg(unix)]
#[test]
fn output_folder_that_is_a_symlink_to_content_is_refused() {
    let site = Site::basic();
    let root = site.root();
    let out = site.tmp.path().join("public");
    std::os::unix::fs::symlink(root.join("content"), &out).unwrap();
    let before = snapshot(&root);
    let err = broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "output-dir", "{err}");
    assert_eq!(snapshot(&root), before);
}
