//! Fault injection: the binary killed mid-build, an unwritable output, write errors.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use broadsheet::BuildOptions;

use super::*;

/// A site of `n` generated pages beside the basic fixture; `version` changes
/// every page, and which pages exist.
fn generated_site(root: &Path, n: usize, version: u32) {
    if !root.join("config.toml").exists() {
        copy_tree(&repo().join("tests/fixtures/basic"), root);
        copy_tree(&repo().join("templates"), &root.join("templates"));
    }
    let config = std::fs::read_to_string(repo().join("tests/fixtures/basic/config.toml")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        config.replace("测试站", &format!("测试站 v{version}")),
    )
    .unwrap();
    let dir = root.join("content/gen");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("_index.md"), front("生成", "")).unwrap();
    // Version 2 drops the first page and adds one at the end.
    let range = if version == 1 { 0..n } else { 1..n + 1 };
    for i in range {
        let body: String = (0..6)
            .map(|j| {
                format!(
                    "## 第{j}节\n\n第{i}篇第{j}段，版本{version}。Paragraph {j} of page {i}.\n\n"
                )
            })
            .collect();
        std::fs::write(
            dir.join(format!("p{i:05}.md")),
            front(&format!("页{i}"), "") + "\n" + &body,
        )
        .unwrap();
    }
}

fn run_build(root: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn staging_folders(parent: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.staging-"))
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    let pages = 1500;

    generated_site(&root, pages, 1);
    let start = Instant::now();
    let status = run_build(&root, &out).wait().unwrap();
    let full = start.elapsed();
    assert!(status.success());
    let old = snapshot(&out);
    let saved = tmp.path().join("saved-old");
    copy_tree(&out, &saved);

    generated_site(&root, pages, 2);
    // Fixed points through a build of this size: from before the staging
    // folder exists to around the swap at the end.
    let fractions = [0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.97, 1.05];
    let mut outcomes = Vec::new();
    for f in fractions {
        if snapshot(&out) != old {
            std::fs::remove_dir_all(&out).unwrap();
            copy_tree(&saved, &out);
        }
        let delay = full.mul_f64(f);
        let mut child = run_build(&root, &out);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = snapshot(&out);
        let state = if now == old { "old" } else { "?" };
        outcomes.push((delay, status.code(), state, staging_folders(tmp.path()).len()));
        if now != old {
            // Not the old site: then it must be the new one, whole. It is
            // checked against a full build below.
            outcomes.last_mut().unwrap().2 = "new?";
            std::fs::rename(&out, tmp.path().join(format!("killed-{}", outcomes.len()))).unwrap();
            copy_tree(&saved, &out);
        }
    }
    // A full build: the new site, and the staging folders of the killed
    // builds are gone.
    let status = run_build(&root, &out).wait().unwrap();
    assert!(status.success());
    let new = snapshot(&out);
    assert_ne!(new, old);
    assert_eq!(staging_folders(tmp.path()), Vec::<String>::new(), "stale staging folders removed");
    for (i, o) in outcomes.iter_mut().enumerate() {
        if o.2 == "new?" {
            let killed = snapshot(&tmp.path().join(format!("killed-{}", i + 1)));
            assert_eq!(killed, new, "a killed build left a site that is neither old nor new");
            o.2 = "new";
        }
    }
    eprintln!("full build of {pages} pages: {full:?}");
    for (delay, code, state, staging) in &outcomes {
        eprintln!(
            "killed after {delay:?}: exit {code:?}, public/ is the {state} site, {staging} staging folder(s) left"
        );
    }
    assert!(outcomes.iter().any(|o| o.2 == "old"), "some kills landed before the swap");
}

/// Whether this process can write where permission bits say it cannot (root).
#[cfg(unix)]
fn permissions_are_bypassed(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let bypassed = std::fs::write(probe.join("x"), "x").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    bypassed
}

#[cfg(unix)]
#[test]
fn a_read_only_output_parent_is_a_clear_error_and_keeps_the_old_site() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let site = Site::basic();
    let parent = site.tmp.path().join("www");
    let out = parent.join("public");
    broadsheet::build(&BuildOptions::new(site.root()).output(&out)).unwrap();
    let old = snapshot(&out);
    site.write("content/notes/first.md", front("改过", ""));
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let message = if permissions_are_bypassed(site.tmp.path()) {
        // Root ignores permission bits: build as `nobody` instead, which the
        // bits do stop. Everything it must read is world-readable.
        for dir in [site.tmp.path(), &site.root()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let output = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&out)
            .uid(65534)
            .gid(65534)
            .output();
        let stderr = output.as_ref().map(|o| String::from_utf8_lossy(&o.stderr).into_owned());
        match stderr {
            Ok(stderr) if !stderr.contains("cannot read") => {
                assert_eq!(output.unwrap().status.code(), Some(1), "{stderr}");
                stderr
            }
            // The binary or the site sits where `nobody` cannot reach it
            // (a checkout under /root): nothing to test this way here.
            other => {
                std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
                eprintln!("skipped: running as root, and `nobody` cannot run the build: {other:?}");
                return;
            }
        }
    } else {
        let err = broadsheet::build(&BuildOptions::new(site.root()).output(&out)).unwrap_err();
        err.to_string()
    };
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    eprintln!("{message}");
    assert!(message.contains("error: cannot create the staging folder `"), "{message}");
    assert!(message.contains("Permission denied"), "{message}");
    assert!(message.contains("= help: check the file's permissions"), "{message}");
    assert_eq!(snapshot(&out), old, "the old site is intact");
    assert_eq!(staging_folders(&parent), Vec::<String>::new());
}

/// A write that fails midway: a full disk cannot be made here (no tmpfs can be
/// mounted), so the binary runs with a 4 kB file-size limit (RLIMIT_FSIZE, its
/// SIGXFSZ ignored): the first bigger file fails with EFBIG, as it would with
/// ENOSPC.
#[cfg(target_os = "linux")]
#[test]
fn a_write_error_midway_is_a_clear_error_and_keeps_the_old_site() {
    use std::os::unix::process::CommandExt;
    let site = Site::basic();
    let out = site.out();
    site.builds();
    let old = snapshot(&out);
    site.write("content/notes/first.md", front("改过", "") + &"长文。".repeat(5000));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    cmd.args(["build", "--root"]).arg(site.root()).arg("--output").arg(&out);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: 4096, rlim_max: 4096 };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    eprintln!("{stderr}");
    assert!(stderr.contains("error: cannot write `"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(
        stderr.contains("= help: check the disk and the path, then run the command again"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), old, "the old site is intact");
    assert_eq!(
        staging_folders(site.tmp.path()),
        Vec::<String>::new(),
        "the staging folder is removed"
    );
}
