//! Draft and verify: the workflows that put a general model and an inference model to work on a
//! selection. Shared by the command line (`modelfit draft` / `modelfit verify`) and the language
//! server (`workspace/executeCommand`).
//!
//! The pure parts (requests, secret scan, findings parser, re-anchoring) are in
//! `crate::analysis::assist`; this module only sequences the model calls and reports progress.
//! Cancelling is dropping the future returned by [`run`]: the HTTP stream in flight is dropped
//! with it, which closes the connection at once.

pub mod models;

use std::path::Path;

use crate::analysis::assist::anchor::{self, AnchoredEdit, EditKind};
use crate::analysis::assist::findings::{self, Parsed};
use crate::analysis::assist::prompts::{self, DraftPlacement, PromptMessage, Speaker, Spot};
use crate::analysis::text::TextRange;
use crate::llm::{self, ChatRequest, Endpoint, Message, MessageRole, StreamEvent};

/// The five workflows, by their LSP command id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workflow {
    DraftInsert,
    DraftReplace,
    Verify,
    DraftThenVerify,
    DraftVerifyPolish,
}

impl Workflow {
    pub const ALL: [Self; 5] =
        [Self::DraftInsert, Self::DraftReplace, Self::Verify, Self::DraftThenVerify, Self::DraftVerifyPolish];

    /// The `workspace/executeCommand` id (CONTRACT section 4).
    pub const fn command(self) -> &'static str {
        match self {
            Self::DraftInsert => "modelfit.draftInsert",
            Self::DraftReplace => "modelfit.draftReplace",
            Self::Verify => "modelfit.verify",
            Self::DraftThenVerify => "modelfit.draftThenVerify",
            Self::DraftVerifyPolish => "modelfit.draftVerifyPolish",
        }
    }

    pub fn from_command(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|w| w.command() == id)
    }

    /// The code action title, naming the models that will do the work.
    pub fn title(self, general: &str, inference: &str) -> String {
        match self {
            Self::DraftInsert => format!("Draft with general model ({general})"),
            Self::DraftReplace => format!("Draft with general model ({general}), replacing the selection"),
            Self::Verify => format!("Verify with inference model ({inference})"),
            Self::DraftThenVerify => format!("Draft, then verify ({general} → {inference})"),
            Self::DraftVerifyPolish => format!("Draft, verify, polish ({general} ⇄ {inference})"),
        }
    }

    pub const fn edits(self) -> bool {
        !matches!(self, Self::Verify)
    }
}

/// The models a workflow uses.
#[derive(Debug, Clone)]
pub struct Models {
    pub general: Endpoint,
    pub inference: Endpoint,
    /// How many drafts "Draft, then verify" asks for.
    pub drafts: usize,
}

/// The work: a document, the selected bytes in it, and an optional explicit instruction.
#[derive(Debug, Clone)]
pub struct Job {
    pub workflow: Workflow,
    /// Shown to the model (file name only).
    pub file_name: String,
    pub text: String,
    pub selection: TextRange,
    pub instruction: Option<String>,
}

impl Job {
    pub fn new(
        workflow: Workflow,
        path: &Path,
        text: String,
        selection: TextRange,
        instruction: Option<String>,
    ) -> Self {
        let file_name = path.file_name().map_or_else(|| "untitled".to_owned(), |n| n.to_string_lossy().into_owned());
        Self { workflow, file_name, text, selection, instruction }
    }

    fn spot(&self) -> Spot<'_> {
        Spot {
            file_name: &self.file_name,
            before: &self.text[..self.selection.start],
            selection: &self.text[self.selection.as_range()],
            after: &self.text[self.selection.end..],
        }
    }

    /// The 0-based line the selection starts on.
    pub fn first_line(&self) -> usize {
        self.text[..self.selection.start].matches('\n').count()
    }

    /// Everything that will be sent to a model (the selection, and for drafts the context
    /// around it), with the 0-based document line it starts on: what the secret scan must see.
    pub fn payload(&self) -> (&str, usize) {
        let (start, end) = if self.workflow == Workflow::Verify {
            (self.selection.start, self.selection.end)
        } else {
            let before = prompts::tail_lines(&self.text[..self.selection.start], prompts::CONTEXT_BEFORE);
            let after = prompts::head_lines(&self.text[self.selection.end..], prompts::CONTEXT_AFTER);
            (self.selection.start - before.len(), self.selection.end + after.len())
        };
        (&self.text[start..end], self.text[..start].matches('\n').count())
    }
}

/// What a workflow reports while it works.
#[derive(Debug, Clone)]
pub enum Event {
    /// A new phase began (`drafting 2/3`, `verifying`, ...).
    Phase(String),
    /// Answer text streamed in (the phase's own output).
    Text(String),
    /// Reasoning streamed in: never part of the result, shown only on request.
    Reasoning(String),
    /// A call is being retried.
    Retrying(String),
}

/// What a workflow produced.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// An edit to make, tied to the text it was computed for, with a note (why this draft).
    Edit { edit: AnchoredEdit, note: Option<String> },
    /// Verification findings.
    Findings(Parsed),
}

/// Runs `job` with `models`, reporting through `on_event`. Errors are sentences for the user.
pub async fn run(job: &Job, models: &Models, on_event: &mut (dyn FnMut(Event) + Send)) -> Result<Outcome, String> {
    let spot = job.spot();
    let instruction = job.instruction.as_deref();
    match job.workflow {
        Workflow::DraftInsert | Workflow::DraftReplace => {
            let placement =
                if job.workflow == Workflow::DraftReplace { DraftPlacement::Replace } else { DraftPlacement::Insert };
            on_event(Event::Phase("drafting".into()));
            let answer = call(&models.general, &prompts::draft(&spot, instruction, placement), None, on_event).await?;
            Ok(edit(job, placement, &answer, None))
        }
        Workflow::Verify => {
            on_event(Event::Phase("verifying".into()));
            let sent = spot.selection;
            let messages = prompts::verify(&job.file_name, sent, instruction);
            let answer = call(&models.inference, &messages, None, on_event).await?;
            findings::parse(&answer, sent, job.first_line()).map(Outcome::Findings)
        }
        Workflow::DraftThenVerify => {
            let n = models.drafts.clamp(1, 10);
            let mut drafts = Vec::with_capacity(n);
            let messages = prompts::draft(&spot, instruction, DraftPlacement::Insert);
            for i in 1..=n {
                on_event(Event::Phase(format!("drafting {i}/{n}")));
                // A little temperature makes the drafts differ; the catalog drops it where rejected.
                let answer = call(&models.general, &messages, Some(0.9), on_event).await?;
                drafts.push(prompts::clean_draft(&answer));
            }
            on_event(Event::Phase("choosing".into()));
            let answer = call(&models.inference, &prompts::pick(&spot, instruction, &drafts), None, on_event).await?;
            let (index, reason) = prompts::parse_pick(&answer, drafts.len())?;
            let note = format!("{} chose draft {} of {n}: {reason}", models.inference.model, index + 1);
            Ok(edit(job, DraftPlacement::Insert, &drafts[index], Some(note)))
        }
        Workflow::DraftVerifyPolish => {
            on_event(Event::Phase("drafting".into()));
            let draft = prompts::clean_draft(
                &call(&models.general, &prompts::draft(&spot, instruction, DraftPlacement::Insert), None, on_event)
                    .await?,
            );
            on_event(Event::Phase("verifying".into()));
            let answer =
                call(&models.inference, &prompts::verify(&job.file_name, &draft, instruction), None, on_event).await?;
            // A verification that cannot be read should not throw the draft away: polish it as is.
            let problems: Vec<String> = match findings::parse(&answer, &draft, 0) {
                Ok(parsed) => parsed.findings.iter().map(|f| format!("line {}: {}", f.line + 1, f.message)).collect(),
                Err(why) => {
                    tracing::warn!("verification unreadable, polishing the draft as is: {why}");
                    Vec::new()
                }
            };
            let corrected = if problems.is_empty() {
                draft
            } else {
                on_event(Event::Phase("correcting".into()));
                prompts::clean_draft(
                    &call(&models.general, &prompts::correct(&spot, &draft, &problems), None, on_event).await?,
                )
            };
            on_event(Event::Phase("polishing".into()));
            let polished = call(&models.general, &prompts::polish(&spot, &corrected), None, on_event).await?;
            let note = format!("verification found {} problem(s); corrected and polished", problems.len());
            Ok(edit(job, DraftPlacement::Insert, &polished, Some(note)))
        }
    }
}

fn edit(job: &Job, placement: DraftPlacement, answer: &str, note: Option<String>) -> Outcome {
    let draft = prompts::clean_draft(answer);
    let anchor_text = &job.text[job.selection.as_range()];
    let (kind, text) = match placement {
        DraftPlacement::Replace => (EditKind::Replace, draft),
        DraftPlacement::Insert => {
            (EditKind::InsertAfter, anchor::insertion_text(anchor_text, &draft, anchor::line_ending(&job.text)))
        }
    };
    Outcome::Edit { edit: AnchoredEdit::new(&job.text, job.selection, kind, text), note }
}

/// One model call, streamed; returns the answer text (reasoning is kept apart by `llm`).
async fn call(
    endpoint: &Endpoint,
    messages: &[PromptMessage],
    temperature: Option<f32>,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<String, String> {
    let request = ChatRequest {
        messages: messages
            .iter()
            .map(|m| Message {
                role: match m.speaker {
                    Speaker::System => MessageRole::System,
                    Speaker::User => MessageRole::User,
                },
                content: m.content.clone(),
            })
            .collect(),
        max_output_tokens: Some(4096),
        temperature,
        stream: true,
    };
    let mut forward = |event: StreamEvent| match event {
        StreamEvent::Text(t) => on_event(Event::Text(t)),
        StreamEvent::Reasoning(t) => on_event(Event::Reasoning(t)),
        StreamEvent::Retrying { attempt, after, reason } => {
            on_event(Event::Retrying(format!("retry {attempt} in {:.1} s: {reason}", after.as_secs_f32())));
        }
    };
    let answer = llm::chat(endpoint, &request, &mut forward).await.map_err(|e| e.to_string())?;
    if answer.text.trim().is_empty() {
        return Err(format!("{} returned an empty answer; nothing was changed", answer.model));
    }
    Ok(answer.text)
}
