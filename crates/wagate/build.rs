//! Sets `all_providers` when every provider feature is on: the build in
//! which every part of the generated code's machinery must be used.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(all_providers)");
    let all = ["GREEN_API", "GREEN_API_V1", "MAYTAPI", "WAWP"]
        .iter()
        .all(|f| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some());
    if all {
        println!("cargo::rustc-cfg=all_providers");
    }
}
