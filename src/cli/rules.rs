//! `modelfit rules` (the rule table) and `modelfit explain RULE` (one rule's documentation).

use std::io::{self, Write};
use std::process::ExitCode;

use anstream::{AutoStream, ColorChoice};
use anstyle::Style;
use serde::Serialize;

use super::render::severity_style;
use super::{EXIT_USAGE, OutputFormat};
use crate::analysis::rules::{FixAvailability, Severity, registry};
use crate::config::did_you_mean;

const BOLD: Style = Style::new().bold();

#[derive(Debug, Serialize)]
struct JsonRules {
    version: u32,
    rules: Vec<JsonRule>,
}

#[derive(Debug, Serialize)]
struct JsonRule {
    code: &'static str,
    name: &'static str,
    default_severity: Severity,
    fix: FixAvailability,
    summary: &'static str,
}

const fn fix_name(fix: FixAvailability) -> &'static str {
    match fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}

/// Runs `modelfit rules`.
pub fn rules(format: OutputFormat) -> io::Result<ExitCode> {
    let stdout = io::stdout();
    let metas: Vec<_> = registry::all().iter().map(|r| r.meta()).collect();
    if format == OutputFormat::Json {
        let rules = metas
            .iter()
            .map(|m| JsonRule {
                code: m.code,
                name: m.name,
                default_severity: m.default_severity,
                fix: m.fix,
                summary: m.summary,
            })
            .collect();
        let mut out = stdout.lock();
        serde_json::to_writer_pretty(&mut out, &JsonRules { version: super::json::VERSION, rules })
            .map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = AutoStream::new(stdout.lock(), ColorChoice::Auto);
    let name_width = metas.iter().map(|m| m.name.len()).max().unwrap_or(0).max("NAME".len());
    writeln!(out, "{BOLD}{:<5}  {:<name_width$}  {:<8}  {:<9}  SUMMARY{BOLD:#}", "CODE", "NAME", "SEVERITY", "FIX")?;
    for m in metas {
        let sev = severity_style(m.default_severity);
        writeln!(
            out,
            "{:<5}  {:<name_width$}  {sev}{:<8}{sev:#}  {:<9}  {}",
            m.code,
            m.name,
            m.default_severity.as_str(),
            fix_name(m.fix),
            m.summary
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `modelfit explain RULE`.
pub fn explain(rule: &str) -> io::Result<ExitCode> {
    let Some(found) = registry::by_name(rule) else {
        let candidates = registry::all().iter().flat_map(|r| [r.meta().name, r.meta().code]);
        let hint = did_you_mean(rule, candidates).map(|s| format!(" Did you mean `{s}`?")).unwrap_or_default();
        eprintln!("modelfit: unknown rule `{rule}`.{hint} Run `modelfit rules` to list every rule.");
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    let m = found.meta();
    let mut out = AutoStream::new(io::stdout().lock(), ColorChoice::Auto);
    let sev = severity_style(m.default_severity);
    writeln!(out, "{BOLD}{} ({}){BOLD:#}: {}", m.code, m.name, m.summary)?;
    writeln!(out, "Default severity: {sev}{}{sev:#}. Fix: {}.", m.default_severity, fix_name(m.fix))?;
    writeln!(out)?;
    writeln!(out, "{}", m.docs.trim_end())?;
    Ok(ExitCode::SUCCESS)
}
