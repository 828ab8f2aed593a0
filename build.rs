//! Lists every Cypher file so the service can name a running query by its file (for the query
//! latency metrics) without each call site spelling the name out.

use std::fmt::Write as _;
use std::path::Path;

fn collect(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("cypher/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        // The benchmark's own comparison queries are never run by the service.
        if path.ends_with("bench") {
            continue;
        }
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "cypher") {
            let name = path.strip_prefix(root).expect("under cypher/");
            out.push(name.to_string_lossy().replace('\\', "/"));
        }
    }
}

fn main() {
    let root = Path::new("cypher");
    println!("cargo:rerun-if-changed=cypher");
    let mut files = Vec::new();
    collect(root, root, &mut files);
    let mut code = String::from("/// Every Cypher file: (name under cypher/, text).\n");
    code.push_str("pub const CYPHER_FILES: &[(&str, &str)] = &[\n");
    for name in files {
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/cypher/{name}\"))),"
        );
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("cypher_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
