//! The syntax fields the extraction reads (`function`, `arguments`, `left`...), found by id.
//!
//! tree-sitter's `child_by_field_name` compares the name with each field name of the grammar on
//! every call, which cost 2–4 % of a large file's analysis; here every grammar's ids are looked up
//! once, and a node finds its grammar's by comparing one pointer per grammar.

use std::num::NonZeroU16;
use std::sync::LazyLock;

use tree_sitter::{Language, Node};

/// A field, named as in the grammars (`FieldName::Function` is `function`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldName {
    Argument,
    Arguments,
    Attribute,
    Body,
    Constructor,
    Field,
    Function,
    Key,
    Left,
    Macro,
    Name,
    Object,
    Operand,
    Operator,
    Path,
    Pattern,
    Property,
    Right,
    Value,
}

const NAMES: [&str; 19] = [
    "argument",
    "arguments",
    "attribute",
    "body",
    "constructor",
    "field",
    "function",
    "key",
    "left",
    "macro",
    "name",
    "object",
    "operand",
    "operator",
    "path",
    "pattern",
    "property",
    "right",
    "value",
];

/// Every grammar's id of each field (`None` where the grammar has no such field).
static IDS: LazyLock<Vec<(Language, [Option<NonZeroU16>; NAMES.len()])>> = LazyLock::new(|| {
    [
        tree_sitter_python::LANGUAGE,
        tree_sitter_javascript::LANGUAGE,
        tree_sitter_typescript::LANGUAGE_TYPESCRIPT,
        tree_sitter_typescript::LANGUAGE_TSX,
        tree_sitter_go::LANGUAGE,
        tree_sitter_rust::LANGUAGE,
    ]
    .into_iter()
    .map(|function| {
        let language = Language::new(function);
        let ids = NAMES.map(|name| language.field_id_for_name(name));
        (language, ids)
    })
    .collect()
});

/// `child_by_field_name` by id.
pub(crate) trait FieldChild<'t> {
    /// The child of this node in `field`, if any.
    fn field(&self, field: FieldName) -> Option<Node<'t>>;
}

impl<'t> FieldChild<'t> for Node<'t> {
    fn field(&self, field: FieldName) -> Option<Node<'t>> {
        let language = self.language();
        match IDS.iter().find(|(known, _)| *known == *language) {
            Some((_, ids)) => ids[field as usize].and_then(|id| self.child_by_field_id(id.get())),
            // A grammar this table does not know (none today) is asked by name.
            None => self.child_by_field_name(NAMES[field as usize]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [FieldName; NAMES.len()] = [
        FieldName::Argument,
        FieldName::Arguments,
        FieldName::Attribute,
        FieldName::Body,
        FieldName::Constructor,
        FieldName::Field,
        FieldName::Function,
        FieldName::Key,
        FieldName::Left,
        FieldName::Macro,
        FieldName::Name,
        FieldName::Object,
        FieldName::Operand,
        FieldName::Operator,
        FieldName::Path,
        FieldName::Pattern,
        FieldName::Property,
        FieldName::Right,
        FieldName::Value,
    ];

    #[test]
    fn names_follow_the_variants_and_every_name_is_a_field() {
        for (i, field) in ALL.into_iter().enumerate() {
            assert_eq!(field as usize, i);
            assert_eq!(format!("{field:?}").to_lowercase(), NAMES[i]);
        }
        // A misspelt name would silently find nothing.
        for (i, name) in NAMES.iter().enumerate() {
            assert!(IDS.iter().any(|(_, ids)| ids[i].is_some()), "no grammar has a field `{name}`");
        }
    }

    #[test]
    fn a_field_by_id_is_the_field_by_name() {
        let cases: [(Language, &str); 5] = [
            (tree_sitter_python::LANGUAGE.into(), "x = f(a, key=1)\nprint(-x.y)\n"),
            (tree_sitter_javascript::LANGUAGE.into(), "const x = new A(b).c({ d: 1 });\n"),
            (tree_sitter_typescript::LANGUAGE_TSX.into(), "const x: T = new A(b).c({ d: 1 });\n"),
            (tree_sitter_go::LANGUAGE.into(), "package p\nfunc f() { x := a.B(c); y := -x }\n"),
            (tree_sitter_rust::LANGUAGE.into(), "fn f() { let x = a::b(c).d(); m!(e); }\n"),
        ];
        for (language, text) in cases {
            let tree = super::super::parse(&language, text).expect("parses");
            let mut found = 0;
            let mut cursor = tree.walk();
            'nodes: loop {
                let node = cursor.node();
                for (field, name) in ALL.into_iter().zip(NAMES) {
                    let by_id = node.field(field);
                    assert_eq!(by_id, node.child_by_field_name(name), "{name} of {} in {text:?}", node.kind());
                    found += usize::from(by_id.is_some());
                }
                if cursor.goto_first_child() {
                    continue;
                }
                while !cursor.goto_next_sibling() {
                    if !cursor.goto_parent() {
                        break 'nodes;
                    }
                }
            }
            assert!(found > 3, "{text:?} exercised too few fields");
        }
    }
}
