//! Publish-time compilation: TypeScript stripped with oxc, syntax checked, CommonJS wrapped.
//!
//! The output is plain JavaScript for QuickJS plus, for TypeScript, a line map back to the
//! source so that stack traces name the line the author wrote.

use std::path::Path;

use laf_host::LoadError;
use oxc::allocator::Allocator;
use oxc::codegen::{Codegen, CodegenOptions};
use oxc::parser::Parser;
use oxc::semantic::SemanticBuilder;
use oxc::span::SourceType;
use oxc::transformer::{TransformOptions, Transformer};

/// JavaScript ready for QuickJS.
#[derive(Debug)]
pub struct Compiled {
    /// The file name authors know (`hello.ts`), used in stack traces.
    pub filename: String,
    /// The code QuickJS evaluates, as an ES module.
    pub code: String,
    /// Generated-to-source positions, when the code was transformed.
    pub map: Option<LineMap>,
}

/// A sorted list of (generated line, generated column) -> (source line, source column), 0-based.
#[derive(Debug, Default)]
pub struct LineMap {
    tokens: Vec<[u32; 4]>,
}

impl LineMap {
    /// The source position (0-based) of the closest mapped position at or before the given one.
    pub fn lookup(&self, line: u32, col: u32) -> Option<(u32, u32)> {
        let idx = self.tokens.partition_point(|t| (t[0], t[1]) <= (line, col));
        let t = self.tokens.get(idx.checked_sub(1)?)?;
        // A token from an earlier line still gives the right line for column-less traces.
        Some((t[2], if t[0] == line { t[3] + (col - t[1]) } else { t[3] }))
    }
}

// CommonJS functions (`exports.main = ...`) run inside an ES module: these lines give them
// `module`, `exports` and `require` on the first line, so line numbers stay the same.
const CJS_PROLOGUE: &str = "const module = { exports: {} }; let exports = module.exports; const require = globalThis.__lafRequireFor(import.meta.lafModule); ";
const CJS_EPILOGUE: &str = "\n;export default module.exports;\n";
// An ES module that also assigns `exports.main` (Laf compiles TypeScript to CommonJS, so its
// functions mix both) hands its CommonJS exports over under this name.
const ESM_COMMONJS_EPILOGUE: &str = "\n;export { module as __lafCommonJs };\n";

// CommonJS's per-module names: given to a module only where it uses them without declaring them.
fn free_names(scoping: &oxc::semantic::Scoping) -> [bool; 4] {
    let free = |name: &str| scoping.root_unresolved_references().keys().any(|k| k.as_str() == name);
    [free("module") || free("exports"), free("require"), free("__filename"), free("__dirname")]
}

// The prologue for the names `free` says a module uses; one line, so line numbers stay the same.
fn prologue(filename: &str, free: [bool; 4]) -> String {
    let mut p = String::new();
    if free[0] {
        p.push_str("const module = { exports: {} }; let exports = module.exports; ");
    }
    if free[1] {
        // `import.meta.lafModule` is the module's name (set by the loader): packages resolve from it.
        p.push_str("const require = globalThis.__lafRequireFor(import.meta.lafModule); ");
    }
    // As Laf: `__filename` is the function's name.
    let name = filename.rsplit_once('.').map_or(filename, |(stem, _)| stem);
    if free[2] {
        p.push_str(&format!("const __filename = {name:?}; "));
    }
    if free[3] {
        let dir = name.rsplit_once('/').map_or(".", |(dir, _)| dir);
        p.push_str(&format!("const __dirname = {dir:?}; "));
    }
    p
}

/// Compiles one function file. TypeScript (`.ts`, `.mts`, `.cts`) is stripped to ESNext; JavaScript is
/// only parsed, so its lines are exactly the author's.
pub fn compile(filename: &str, source: &str) -> Result<Compiled, LoadError> {
    let ts = matches!(ext(filename), "ts" | "mts" | "cts");
    let source_type = if ts { SourceType::ts() } else { SourceType::mjs() };
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, source_type).parse();
    if let Some(first) = first_error(&parsed.diagnostics) {
        return Err(diagnostic(filename, source, first));
    }
    let mut program = parsed.program;
    let is_esm = program.body.iter().any(|s| s.is_module_declaration());
    let semantic = SemanticBuilder::new().build(&program);
    if ts && let Some(first) = first_error(&semantic.diagnostics) {
        return Err(diagnostic(filename, source, first));
    }
    let scoping = semantic.semantic.into_scoping();
    let free = free_names(&scoping);
    let (code, map) = if ts {
        let options = TransformOptions::from_target("esnext").map_err(LoadError::Other)?;
        let ret = Transformer::new(&allocator, Path::new(filename), &options).build_with_scoping(scoping, &mut program);
        if let Some(first) = first_error(&ret.diagnostics) {
            return Err(diagnostic(filename, source, first));
        }
        let out = Codegen::new()
            .with_options(CodegenOptions { source_map_path: Some(filename.into()), ..CodegenOptions::default() })
            .build(&program);
        let map = out.map.map(|m| {
            let mut tokens: Vec<[u32; 4]> = m
                .get_tokens()
                .map(|t| [t.get_dst_line(), t.get_dst_col(), t.get_src_line(), t.get_src_col()])
                .collect();
            tokens.sort_unstable();
            LineMap { tokens }
        });
        (out.code, map)
    } else {
        (source.to_owned(), None)
    };
    let code = if !is_esm {
        format!("{CJS_PROLOGUE}{}{code}{CJS_EPILOGUE}", prologue(filename, [false, false, free[2], free[3]]))
    } else if free.iter().any(|f| *f) {
        let epilogue = if free[0] { ESM_COMMONJS_EPILOGUE } else { "" };
        format!("{}{code}{epilogue}", prologue(filename, free))
    } else {
        code
    };
    Ok(Compiled { filename: filename.to_owned(), code, map })
}

fn first_error(diagnostics: &[oxc::diagnostics::OxcDiagnostic]) -> Option<&oxc::diagnostics::OxcDiagnostic> {
    diagnostics.iter().find(|d| d.severity == oxc::diagnostics::Severity::Error)
}

fn ext(filename: &str) -> &str {
    filename.rsplit_once('.').map_or("", |(_, e)| e)
}

fn diagnostic(filename: &str, source: &str, d: &oxc::diagnostics::OxcDiagnostic) -> LoadError {
    let offset = d.labels.first().map_or(0, |l| l.offset() as usize);
    let (line, column) = line_col(source, offset);
    let mut message = d.message.to_string();
    if let Some(help) = &d.help {
        message.push_str(&format!(" ({help})"));
    }
    LoadError::Compile { file: filename.to_owned(), line, column, message }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(source.len());
    let before = &source[..source.floor_char_boundary(offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typescript_is_stripped_and_mapped() {
        let src = "interface A { x: number }\n\nexport default async function (ctx: any): Promise<A> {\n  const a: number = 1;\n  throw new Error('x' + a);\n}\n";
        let c = compile("hello.ts", src).unwrap();
        assert!(!c.code.contains("interface"), "{}", c.code);
        assert!(!c.code.contains(": number"), "{}", c.code);
        let throw_line = c.code.lines().position(|l| l.contains("throw")).unwrap() as u32;
        let (src_line, _) = c.map.as_ref().unwrap().lookup(throw_line, 2).unwrap();
        assert_eq!(src_line, 4, "the throw is on source line 5 (0-based 4)");
    }

    #[test]
    fn syntax_errors_carry_their_line() {
        let err = compile("bad.ts", "export default function () {\n  return {;\n}\n").unwrap_err();
        match err {
            LoadError::Compile { line, file, .. } => {
                assert_eq!(line, 2);
                assert_eq!(file, "bad.ts");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn commonjs_is_wrapped_without_moving_lines() {
        let c = compile("old.js", "exports.main = async function (ctx) {\n  return 1\n}\n").unwrap();
        assert!(c.code.starts_with(CJS_PROLOGUE));
        assert!(c.code.contains("export default module.exports"));
        assert_eq!(c.code.lines().nth(1), Some("  return 1"));
        let esm = compile("new.js", "export default function () {}\n").unwrap();
        assert!(!esm.code.contains("module.exports"));
    }
}
