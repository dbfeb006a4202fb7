use std::io::Write;

use secrecy::ExposeSecret;

use super::*;

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn toml_file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    f
}

#[test]
fn defaults_need_no_configuration() {
    let c = Config::from_sources(&Sources::default()).unwrap();
    assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(c.public_url.as_str(), "http://127.0.0.1:8080/");
    assert_eq!(
        c.database_url,
        DatabaseUrl::Sqlite("./data/bureau.db".into())
    );
    assert_eq!(c.storage.display(), "./data/blobs");
    assert_eq!(c.max_upload_bytes, 1 << 30);
    assert!(!c.cookie_secure);
    assert!(c.docs.resolve().is_none());
}

#[test]
fn precedence_is_default_file_env_flag() {
    let file =
        toml_file("listen = \"127.0.0.1:1000\"\ndata_dir = \"/from-file\"\nlog = \"debug\"\n");
    let src = Sources::default()
        .with_file(file.path())
        .unwrap()
        .with_env(env(&[
            ("BUREAU_LISTEN", "127.0.0.1:2000"),
            ("BUREAU_DATA_DIR", "/from-env"),
        ]))
        .with_flag("listen", Some("127.0.0.1:3000".into()));
    let c = Config::from_sources(&src).unwrap();
    assert_eq!(c.listen.port(), 3000);
    assert_eq!(c.data_dir, PathBuf::from("/from-env"));
    assert_eq!(c.log, "debug");
    assert_eq!(c.origins["listen"], Origin::Flag);
    assert_eq!(c.origins["data_dir"], Origin::Env("BUREAU_DATA_DIR".into()));
    assert_eq!(c.origins["log"], Origin::File(file.path().to_owned()));
    assert_eq!(
        c.database_url,
        DatabaseUrl::Sqlite("/from-env/bureau.db".into())
    );
}

#[test]
fn blank_secrets_are_refused_naming_their_variable() {
    for var in ["BUREAU_DOCS_SECRET", "BUREAU_APP_SECRET"] {
        let src = Sources::default().with_env(env(&[(var, "")]));
        let err = Config::from_sources(&src).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{var}: an empty secret is refused")),
            "{err}"
        );
    }
}

#[test]
fn bad_values_name_their_variable() {
    let src = Sources::default().with_env(env(&[("BUREAU_LISTEN", "x")]));
    let err = Config::from_sources(&src).unwrap_err().to_string();
    assert_eq!(err, "BUREAU_LISTEN: invalid socket address 'x'");

    let src = Sources::default().with_flag("max_upload_size", Some("lots".into()));
    let err = Config::from_sources(&src).unwrap_err().to_string();
    assert!(
        err.starts_with("--max-upload-size: invalid size 'lots'"),
        "{err}"
    );

    let file = toml_file("docs_url = \"ftp://docs\"\n");
    let src = Sources::default().with_file(file.path()).unwrap();
    let err = Config::from_sources(&src).unwrap_err().to_string();
    assert!(err.starts_with("docs_url in "), "{err}");
    assert!(err.contains("http:// or https://"), "{err}");
}

#[test]
fn unknown_file_keys_are_refused_and_unknown_env_vars_reported() {
    let file = toml_file("lissen = \"127.0.0.1:1\"\n");
    let err = Sources::default()
        .with_file(file.path())
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown setting 'lissen'"), "{err}");

    let src = Sources::default().with_env(env(&[
        ("BUREAU_LISTN", "1"),
        ("BUREAU_DOCS_SECRET_FILE", "/x"),
        ("PATH", "/bin"),
    ]));
    assert_eq!(src.unknown_env_vars(), vec!["BUREAU_LISTN".to_owned()]);
}

#[test]
fn secrets_come_from_files_and_never_show_in_debug() {
    let secret = toml_file("s3cr3t-value\n");
    let src = Sources::default().with_env(env(&[
        ("BUREAU_DOCS_URL", "http://docs.local:8090"),
        ("BUREAU_DOCS_SECRET_FILE", secret.path().to_str().unwrap()),
        ("BUREAU_DATABASE_URL", "postgres://bureau:hunter2@db/bureau"),
    ]));
    let c = Config::from_sources(&src).unwrap();
    let docs = c.docs.resolve().unwrap();
    assert_eq!(
        docs.secret.as_ref().unwrap().expose_secret(),
        "s3cr3t-value"
    );
    assert_eq!(docs.url.as_str(), "http://docs.local:8090/");
    assert_eq!(docs.internal_url, docs.url);
    assert_eq!(docs.jwt_header, "Authorization");
    let debug = format!("{c:?}");
    assert!(!debug.contains("s3cr3t"), "{debug}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("postgres://bureau:***@db/bureau"), "{debug}");
}

#[test]
fn missing_secret_file_is_an_error_naming_the_variable() {
    let src = Sources::default().with_env(env(&[("BUREAU_DOCS_SECRET_FILE", "/nonexistent/s")]));
    let err = Config::from_sources(&src).unwrap_err().to_string();
    assert!(
        err.starts_with("BUREAU_DOCS_SECRET_FILE: cannot read secret file"),
        "{err}"
    );
}

#[test]
fn example_parses_and_mentions_every_setting() {
    let text = example();
    for s in SETTINGS {
        assert!(
            text.contains(&format!("#{} = ", s.key)),
            "missing {}",
            s.key
        );
        assert!(text.contains(&s.env_var()), "missing {}", s.env_var());
    }
    // Uncommenting every line with a default gives a valid file that loads to the defaults.
    let uncommented: String = text
        .lines()
        .filter(|l| l.starts_with('#') && l.contains(" = ") && !l.ends_with("\"\""))
        .map(|l| format!("{}\n", &l[1..]))
        .collect();
    let file = toml_file(&uncommented);
    let src = Sources::default().with_file(file.path()).unwrap();
    let from_file = Config::from_sources(&src).unwrap();
    let defaults = Config::from_sources(&Sources::default()).unwrap();
    assert_eq!(
        format!("{:?}", from_file.listen),
        format!("{:?}", defaults.listen)
    );
    assert_eq!(from_file.max_upload_bytes, defaults.max_upload_bytes);
    assert_eq!(from_file.session_ttl, defaults.session_ttl);
}

#[test]
fn readme_documents_every_setting() {
    let readme = include_str!("../../../../README.md");
    for s in SETTINGS {
        assert!(
            readme.contains(&format!("| `{}`", s.env_var())),
            "README misses {}",
            s.env_var()
        );
    }
}
