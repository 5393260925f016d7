use super::*;

#[test]
fn resolves_snapshots_by_longest_prefix() {
    let c = Catalog::builtin();
    let r = c.resolve("o3-mini-2025-01-31");
    assert!(matches!(r.target, Target::Model(info) if info.id == "o3-mini"));
}
