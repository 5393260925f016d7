//! The cue lexicon: words and phrases that say what a prompt asks for, one group per task.
//!
//! Each entry is `(pattern, task, weight)`. Patterns are matched ASCII-case-insensitively on word
//! boundaries; a trailing `*` makes a pattern a prefix (`summar*` matches "summary", "summarise").
//! A leading `@` marks an *artifact noun* ("poem", "essay"): it counts fully only when a request
//! verb ("write", "compose", "give me", "写", "escribe" — see [`REQUEST_VERBS`]) comes shortly
//! before it, because "at the start of a song" in a puzzle is not a request for a song.
//! Weights follow one principle: a cue that names the *artifact or act* asked for ("poem",
//! "summarize", "act as", "fix the bug", "itinerary") weighs 3–4; a cue that names a *topic* or is
//! merely typical ("prime", "python", "travel", "error") weighs 1–2, because a poem about prime
//! numbers is still a poem. The lexicon was written from general knowledge of how people phrase
//! requests, not from the development set's templates, and it covers the common cues in Chinese,
//! Spanish, French and German as well as English.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::Task;
use super::Task::{Code, Creative, Debug, Dialogue, Logic, Math, Plan, Qa, Summarize, Writing};

/// One lexicon entry: pattern, task, weight.
pub type Entry = (&'static str, Task, f32);

/// The whole lexicon. Order does not matter; the matcher prefers the longest match at a position.
pub static LEXICON: &[Entry] = &[
    // --- creative: the artifact is a piece of imaginative writing or a set of ideas. "write a
    // riddle" is creative even though a bare riddle is a logic puzzle.
    ("@poem", Creative, 3.5),
    ("@poems", Creative, 3.5),
    ("@poetry", Creative, 3.0),
    ("poetic", Creative, 2.0),
    ("@haiku*", Creative, 3.5),
    ("@sonnet*", Creative, 3.5),
    ("@limerick*", Creative, 3.5),
    ("verse*", Creative, 2.0),
    ("rhym*", Creative, 2.5),
    ("@lyrics", Creative, 3.0),
    ("@song", Creative, 2.5),
    ("@songs", Creative, 2.5),
    ("@rap", Creative, 2.0),
    ("@jingle", Creative, 3.0),
    ("@ballad", Creative, 3.0),
    ("@story", Creative, 3.0),
    ("@stories", Creative, 3.0),
    ("@short story", Creative, 3.5),
    ("@fairy tale", Creative, 3.5),
    ("@fable", Creative, 3.0),
    ("@tale", Creative, 2.0),
    ("@novel", Creative, 1.5),
    ("fiction*", Creative, 2.0),
    ("@screenplay", Creative, 3.5),
    ("@movie script", Creative, 3.0),
    ("@scene", Creative, 1.5),
    ("plot twist", Creative, 2.5),
    ("once upon a time", Creative, 3.0),
    ("@joke", Creative, 3.5),
    ("@jokes", Creative, 3.5),
    ("@pun", Creative, 2.5),
    ("@puns", Creative, 2.5),
    ("funny", Creative, 1.0),
    ("humorous", Creative, 1.5),
    ("@riddle", Creative, 3.0),
    ("@slogan*", Creative, 3.5),
    ("@tagline*", Creative, 3.5),
    ("@catchphrase", Creative, 3.0),
    ("brainstorm*", Creative, 3.0),
    ("ideas", Creative, 2.0),
    ("an idea for", Creative, 2.0),
    ("uses for", Creative, 1.5),
    ("ways to", Creative, 1.2),
    ("ways i can", Creative, 1.5),
    ("ways in which", Creative, 1.5),
    ("think of some", Creative, 1.5),
    ("things to do", Creative, 1.5),
    ("things i can", Creative, 1.5),
    ("name some", Creative, 1.0),
    ("name ideas", Creative, 3.0),
    ("names for", Creative, 2.5),
    ("come up with", Creative, 1.5),
    ("invent", Creative, 1.5),
    ("imagine", Creative, 1.0),
    ("imaginative", Creative, 2.0),
    ("creative", Creative, 1.5),
    ("creatively", Creative, 1.5),
    ("fantasy", Creative, 1.5),
    ("@ad copy", Creative, 3.5),
    ("@advertisement", Creative, 3.0),
    ("@advert", Creative, 2.5),
    ("@marketing copy", Creative, 3.5),
    ("@pitch", Creative, 1.5),
    ("ode to", Creative, 3.0),
    ("@诗", Creative, 3.0),
    ("@故事", Creative, 3.0),
    ("@小说", Creative, 2.0),
    ("@笑话", Creative, 3.5),
    ("@歌词", Creative, 3.5),
    ("@口号", Creative, 3.5),
    ("创意", Creative, 1.5),
    ("@poema", Creative, 3.5),
    ("@poesía", Creative, 3.0),
    ("@cuento", Creative, 3.0),
    ("@chiste", Creative, 3.5),
    ("@canción", Creative, 3.0),
    ("@eslogan", Creative, 3.5),
    ("@poème", Creative, 3.5),
    ("@poésie", Creative, 3.0),
    ("@conte", Creative, 2.5),
    ("@blague", Creative, 3.5),
    ("@chanson", Creative, 3.0),
    ("@gedicht", Creative, 3.5),
    ("@märchen", Creative, 3.5),
    ("@kurzgeschichte", Creative, 3.5),
    ("@witz", Creative, 3.0),
    ("@liedtext", Creative, 3.5),
    // --- dialogue: the model is asked to *be* someone and keep talking as them. A persona line
    // alone ("you are a helpful assistant") is weak; explicit role-play wording is strong.
    ("act as", Dialogue, 3.5),
    ("act like", Dialogue, 3.5),
    ("i want you to act", Dialogue, 4.0),
    ("pretend to be", Dialogue, 3.5),
    ("pretend you are", Dialogue, 3.5),
    ("pretend that you are", Dialogue, 3.5),
    ("role-play", Dialogue, 3.5),
    ("roleplay", Dialogue, 3.5),
    ("role play", Dialogue, 3.5),
    ("play the role", Dialogue, 3.5),
    ("stay in character", Dialogue, 3.5),
    ("in character", Dialogue, 2.0),
    ("respond as", Dialogue, 2.0),
    ("reply as", Dialogue, 2.0),
    ("as if you were", Dialogue, 2.0),
    ("you will play", Dialogue, 2.5),
    ("persona", Dialogue, 1.5),
    ("conversation", Dialogue, 1.5),
    ("converse", Dialogue, 2.0),
    ("chat with me", Dialogue, 2.5),
    ("talk to me", Dialogue, 2.0),
    ("interview me", Dialogue, 3.0),
    ("speak like", Dialogue, 2.0),
    ("talk like", Dialogue, 2.0),
    ("扮演", Dialogue, 3.5),
    ("角色", Dialogue, 2.0),
    ("假装", Dialogue, 3.0),
    ("actúa como", Dialogue, 3.5),
    ("actua como", Dialogue, 3.5),
    ("finge ser", Dialogue, 3.5),
    ("juego de rol", Dialogue, 3.5),
    ("agis comme", Dialogue, 3.5),
    ("joue le rôle", Dialogue, 3.5),
    ("jeu de rôle", Dialogue, 3.5),
    ("fais comme si", Dialogue, 2.5),
    ("tu so, als", Dialogue, 3.5),
    ("tu so als", Dialogue, 3.5),
    ("spiele die rolle", Dialogue, 3.5),
    ("rollenspiel", Dialogue, 3.5),
    ("verhalte dich wie", Dialogue, 3.5),
    // --- writing: non-fiction prose documents and edits of prose. Bare "write a" is a weak
    // default; a longer code cue such as "write a function" wins at the same position.
    ("write a", Writing, 1.8),
    ("write an", Writing, 1.8),
    ("write me a", Writing, 1.8),
    ("sql query", Code, 3.0),
    ("@essay*", Writing, 3.5),
    ("@email", Writing, 3.0),
    ("@e-mail", Writing, 3.0),
    ("@emails", Writing, 3.0),
    ("@cover letter", Writing, 3.5),
    ("write a letter", Writing, 3.5),
    ("a letter to", Writing, 3.0),
    ("letter of", Writing, 2.5),
    ("@blog", Writing, 3.0),
    ("@blog post", Writing, 3.5),
    ("@article", Writing, 2.0),
    ("rewrite", Writing, 3.0),
    ("edit this", Writing, 2.5),
    ("@op-ed", Writing, 3.0),
    ("rephrase", Writing, 3.0),
    ("paraphrase", Writing, 3.0),
    ("proofread*", Writing, 3.5),
    ("copyedit*", Writing, 3.5),
    ("grammar", Writing, 2.0),
    ("my resume", Writing, 3.0),
    ("resume", Writing, 1.5),
    ("@speech", Writing, 2.0),
    ("@eulogy", Writing, 3.0),
    ("@press release", Writing, 3.5),
    ("@newsletter", Writing, 3.0),
    ("@memo", Writing, 2.5),
    ("@proposal", Writing, 3.0),
    ("sound more", Writing, 2.0),
    ("more professional*", Writing, 2.0),
    ("elaborate on", Writing, 1.5),
    ("expand the following", Writing, 2.5),
    ("alternatives to", Writing, 1.0),
    ("improve the following", Writing, 2.0),
    ("@product description", Writing, 3.0),
    ("@tweet", Writing, 2.0),
    ("@linkedin post", Writing, 3.0),
    ("@social media post", Writing, 3.0),
    ("@caption", Writing, 1.5),
    ("@rubric", Writing, 1.5),
    ("@statement of purpose", Writing, 3.0),
    ("@bio", Writing, 2.0),
    ("@biography", Writing, 2.0),
    ("translate", Writing, 3.0),
    ("translation", Writing, 2.0),
    ("@paragraph", Writing, 1.0),
    ("@paragraphs", Writing, 1.5),
    ("@outline", Writing, 1.5),
    ("@draft", Writing, 2.0),
    ("compose", Writing, 1.5),
    ("wording", Writing, 1.5),
    ("tone", Writing, 1.0),
    ("formal", Writing, 1.0),
    ("写一篇", Writing, 3.0),
    ("@文章", Writing, 2.5),
    ("@邮件", Writing, 3.0),
    ("@作文", Writing, 3.5),
    ("润色", Writing, 3.5),
    ("改写", Writing, 3.5),
    ("翻译", Writing, 3.0),
    ("@ensayo", Writing, 3.5),
    ("@correo", Writing, 3.0),
    ("@carta", Writing, 3.0),
    ("redacta", Writing, 3.0),
    ("traduce", Writing, 3.0),
    ("@artículo", Writing, 2.5),
    ("rédige", Writing, 3.0),
    ("rédiger", Writing, 3.0),
    ("@lettre", Writing, 3.0),
    ("@courriel", Writing, 3.0),
    ("traduis", Writing, 3.0),
    ("@dissertation", Writing, 3.0),
    ("@aufsatz", Writing, 3.5),
    ("einen brief", Writing, 3.5),
    ("übersetze", Writing, 3.0),
    ("@artikel", Writing, 2.5),
    ("schreibe einen", Writing, 1.0),
    // --- summarize: shorten a given text or give the gist of a topic.
    ("summar*", Summarize, 4.0),
    ("tl;dr", Summarize, 4.0),
    ("tldr", Summarize, 4.0),
    ("sum up", Summarize, 3.0),
    ("key points", Summarize, 2.0),
    ("main points", Summarize, 2.5),
    ("key takeaways", Summarize, 2.5),
    ("condense", Summarize, 3.0),
    ("recap", Summarize, 3.0),
    ("synopsis", Summarize, 3.0),
    ("gist", Summarize, 2.5),
    ("important points", Summarize, 2.0),
    ("main ideas", Summarize, 2.0),
    ("in a nutshell", Summarize, 2.0),
    ("shorten", Summarize, 1.5),
    ("总结", Summarize, 4.0),
    ("摘要", Summarize, 4.0),
    ("概括", Summarize, 4.0),
    ("归纳", Summarize, 3.0),
    ("要点", Summarize, 2.0),
    ("resumen", Summarize, 4.0),
    ("resumir", Summarize, 4.0),
    ("resume el", Summarize, 4.0),
    ("resume la", Summarize, 4.0),
    ("resume este", Summarize, 4.0),
    ("resume esta", Summarize, 4.0),
    ("résume", Summarize, 4.0),
    ("résumer", Summarize, 4.0),
    ("synthèse", Summarize, 3.0),
    ("zusammenfass*", Summarize, 4.0),
    ("fasse", Summarize, 3.0),
    // --- qa: factual questions, explanations, advice, extraction and classification. They are
    // weak on purpose: a question is the default shape of a prompt, not a task signal.
    ("what is", Qa, 1.0),
    ("what are", Qa, 1.0),
    ("what's", Qa, 0.8),
    ("who is", Qa, 1.5),
    ("who was", Qa, 1.5),
    ("who were", Qa, 1.5),
    ("when did", Qa, 1.5),
    ("when was", Qa, 1.5),
    ("where is", Qa, 1.5),
    ("where are", Qa, 1.5),
    ("why", Qa, 1.0),
    ("how does", Qa, 1.0),
    ("how do", Qa, 0.8),
    ("how to", Qa, 0.8),
    ("explain", Qa, 1.5),
    ("tell me about", Qa, 1.5),
    ("difference between", Qa, 1.5),
    ("define", Qa, 1.5),
    ("definition", Qa, 1.5),
    ("meaning of", Qa, 1.5),
    ("classify", Qa, 2.0),
    ("identify which", Qa, 2.5),
    ("which of these", Qa, 1.5),
    ("categorize", Qa, 2.0),
    ("extract", Qa, 2.0),
    ("give me a list", Qa, 1.0),
    ("advice", Qa, 1.5),
    ("should i", Qa, 1.5),
    ("recommend", Qa, 1.0),
    ("history of", Qa, 1.5),
    ("什么", Qa, 1.5),
    ("为什么", Qa, 1.5),
    ("解释", Qa, 1.5),
    ("是谁", Qa, 1.5),
    ("qué es", Qa, 1.5),
    ("por qué", Qa, 1.5),
    ("explica", Qa, 1.5),
    ("quién", Qa, 1.5),
    ("qu'est-ce que", Qa, 1.5),
    ("pourquoi", Qa, 1.5),
    ("explique", Qa, 1.5),
    ("was ist", Qa, 1.5),
    ("warum", Qa, 1.5),
    ("erkläre", Qa, 1.5),
    ("wer war", Qa, 1.5),
    // --- math: computing a number or proving a statement. Question forms that ask for a
    // quantity ("how many") are strong; money and units are supporting evidence.
    ("solve", Math, 2.0),
    ("equation*", Math, 3.0),
    ("calculate", Math, 3.0),
    ("calculation", Math, 2.5),
    ("compute", Math, 1.5),
    ("#how many", Math, 2.5),
    ("#how much", Math, 2.0),
    ("#how old", Math, 2.0),
    ("#how long", Math, 1.5),
    ("#how far", Math, 1.5),
    ("prove", Math, 3.0),
    ("proof", Math, 3.0),
    ("show that", Math, 2.5),
    ("infinitely many", Math, 2.0),
    ("theorem", Math, 3.0),
    ("lemma", Math, 3.0),
    ("integral", Math, 3.0),
    ("derivative", Math, 3.0),
    ("probability", Math, 2.5),
    ("percent*", Math, 1.5),
    ("sum of", Math, 1.5),
    ("product of", Math, 1.0),
    ("remainder", Math, 2.0),
    ("divisible", Math, 2.5),
    ("prime", Math, 1.0),
    ("fraction", Math, 2.0),
    ("arithmetic", Math, 2.5),
    ("algebra*", Math, 2.5),
    ("geometr*", Math, 2.5),
    ("triangle", Math, 2.0),
    ("area of", Math, 2.0),
    ("perimeter", Math, 2.5),
    ("radius", Math, 2.0),
    ("#average", Math, 1.5),
    ("ratio", Math, 1.5),
    ("#in total", Math, 1.2),
    ("#total", Math, 0.8),
    ("#per hour", Math, 1.2),
    ("#per day", Math, 1.0),
    ("twice as", Math, 1.5),
    ("times as many", Math, 2.5),
    ("half of", Math, 1.0),
    ("#cost", Math, 1.0),
    ("#costs", Math, 1.0),
    ("dollars", Math, 1.0),
    ("profit", Math, 1.5),
    ("discount", Math, 1.5),
    ("math*", Math, 1.0),
    ("simplify", Math, 2.0),
    ("evaluate the expression", Math, 3.0),
    ("find the value", Math, 3.0),
    ("what is the value", Math, 3.0),
    ("number of ways", Math, 3.0),
    ("\\frac", Math, 2.5),
    ("\\sqrt", Math, 2.5),
    ("\\int", Math, 2.5),
    ("\\sum", Math, 2.5),
    ("√", Math, 2.0),
    ("∫", Math, 2.5),
    ("∑", Math, 2.5),
    ("π", Math, 1.5),
    ("计算", Math, 3.0),
    ("求解", Math, 3.0),
    ("方程", Math, 3.0),
    ("证明", Math, 3.0),
    ("#多少", Math, 2.5),
    ("#几个", Math, 2.0),
    ("数学", Math, 1.5),
    ("概率", Math, 2.5),
    ("calcula", Math, 3.0),
    ("resuelve", Math, 2.5),
    ("ecuación", Math, 3.0),
    ("demuestra", Math, 3.0),
    ("#cuántos", Math, 2.5),
    ("#cuántas", Math, 2.5),
    ("#cuánto", Math, 2.0),
    ("probabilidad", Math, 2.5),
    ("calcule", Math, 3.0),
    ("résous", Math, 2.5),
    ("équation", Math, 3.0),
    ("démontre", Math, 3.0),
    ("prouve", Math, 3.0),
    ("#combien", Math, 2.5),
    ("probabilité", Math, 2.5),
    ("berechne", Math, 3.0),
    ("löse", Math, 2.5),
    ("gleichung", Math, 3.0),
    ("beweise", Math, 3.0),
    ("#wie viele", Math, 2.5),
    ("#wie viel", Math, 2.0),
    ("wahrscheinlichkeit", Math, 2.5),
    // --- logic: puzzles, deduction, truth-tellers, validity of arguments, ordering and state
    // tracking. Boolean phrases count a little each so an expression of them adds up.
    ("solve this riddle", Logic, 3.5),
    ("solve the riddle", Logic, 3.5),
    ("answer this riddle", Logic, 3.5),
    ("what am i", Logic, 3.5),
    ("puzzle", Logic, 3.0),
    ("logic*", Logic, 2.5),
    ("deduce", Logic, 3.0),
    ("deduction", Logic, 3.0),
    ("deductive*", Logic, 3.0),
    ("infer", Logic, 1.5),
    ("premise", Logic, 3.0),
    ("premises", Logic, 3.0),
    ("syllogism", Logic, 3.5),
    ("fallacy", Logic, 3.0),
    ("valid or invalid", Logic, 3.0),
    ("conclusion", Logic, 1.5),
    ("conclude", Logic, 2.5),
    ("definitely", Logic, 1.0),
    ("taller than", Logic, 1.0),
    ("shorter than", Logic, 1.0),
    ("older than", Logic, 1.0),
    ("younger than", Logic, 1.0),
    ("tells the truth", Logic, 3.0),
    ("tell the truth", Logic, 2.5),
    ("liar", Logic, 2.5),
    ("lies", Logic, 1.5),
    ("knights and knaves", Logic, 3.5),
    ("if and only if", Logic, 2.0),
    ("implies", Logic, 1.5),
    ("contradiction", Logic, 1.5),
    ("must be true", Logic, 2.5),
    ("could be true", Logic, 2.0),
    ("necessarily", Logic, 1.5),
    ("which of the following", Logic, 1.0),
    ("to the left of", Logic, 1.5),
    ("to the right of", Logic, 1.5),
    ("fixed order", Logic, 2.0),
    ("swap*", Logic, 1.5),
    ("at the end of the", Logic, 1.0),
    ("starting point", Logic, 1.5),
    ("steps forward", Logic, 1.0),
    ("steps backward", Logic, 1.0),
    ("turn left", Logic, 1.0),
    ("turn right", Logic, 1.0),
    ("what day", Logic, 1.5),
    ("what is the date", Logic, 3.0),
    ("days ago", Logic, 1.5),
    ("days later", Logic, 1.5),
    ("week ago", Logic, 1.5),
    ("weeks ago", Logic, 1.5),
    ("hours later", Logic, 1.5),
    ("switch*", Logic, 1.0),
    ("trade*", Logic, 0.8),
    ("mm/dd/yyyy", Logic, 2.0),
    ("causation", Logic, 2.5),
    ("true and", Logic, 1.0),
    ("true or", Logic, 1.0),
    ("false and", Logic, 1.0),
    ("false or", Logic, 1.0),
    ("not true", Logic, 1.0),
    ("not false", Logic, 1.0),
    ("逻辑", Logic, 3.0),
    ("推理", Logic, 2.5),
    ("谜题", Logic, 3.0),
    ("谜语", Logic, 2.5),
    ("说真话", Logic, 3.0),
    ("说假话", Logic, 3.0),
    ("lógica", Logic, 2.5),
    ("acertijo", Logic, 3.0),
    ("adivinanza", Logic, 2.5),
    ("logique", Logic, 2.5),
    ("énigme", Logic, 3.0),
    ("devinette", Logic, 2.5),
    ("déduis", Logic, 3.0),
    ("rätsel", Logic, 3.0),
    ("folgere", Logic, 3.0),
    ("schlussfolger*", Logic, 2.0),
    // --- code: writing, completing or running programs. Language and data-structure names are
    // supporting evidence; asking for a function, program or implementation is strong.
    ("write a function", Code, 4.0),
    ("write a program", Code, 4.0),
    ("write a script", Code, 3.5),
    ("write a python", Code, 4.0),
    ("write code", Code, 4.0),
    ("complete the function", Code, 4.0),
    ("complete this function", Code, 4.0),
    ("implement", Code, 2.5),
    ("implementation", Code, 2.0),
    ("function", Code, 1.5),
    ("functions", Code, 1.5),
    ("python", Code, 2.0),
    ("javascript", Code, 2.0),
    ("typescript", Code, 2.0),
    ("java", Code, 1.5),
    ("c++", Code, 2.0),
    ("c#", Code, 2.0),
    ("rust", Code, 1.5),
    ("golang", Code, 2.0),
    ("kotlin", Code, 2.0),
    ("swift", Code, 1.0),
    ("php", Code, 2.0),
    ("ruby", Code, 1.0),
    ("sql", Code, 2.0),
    ("html", Code, 1.5),
    ("css", Code, 1.5),
    ("react", Code, 1.5),
    ("regex", Code, 2.5),
    ("regular expression", Code, 2.5),
    ("algorithm", Code, 2.0),
    ("code", Code, 1.5),
    ("coding", Code, 1.5),
    ("program", Code, 1.5),
    ("programming", Code, 1.5),
    ("script", Code, 1.0),
    ("api", Code, 1.5),
    ("endpoint", Code, 2.0),
    ("returns", Code, 1.0),
    ("array", Code, 2.0),
    ("arrays", Code, 2.0),
    ("string", Code, 1.5),
    ("strings", Code, 1.5),
    ("integer", Code, 1.0),
    ("integers", Code, 1.0),
    ("boolean", Code, 1.0),
    ("parameter", Code, 1.0),
    ("compile*", Code, 2.0),
    ("terminal", Code, 2.0),
    ("command line", Code, 1.5),
    ("shell", Code, 1.0),
    ("bash", Code, 2.0),
    ("linux", Code, 1.0),
    ("database", Code, 1.0),
    ("frontend", Code, 1.5),
    ("backend", Code, 1.5),
    ("web app", Code, 2.0),
    ("unit test*", Code, 2.5),
    ("time complexity", Code, 2.5),
    ("data structure", Code, 2.0),
    ("linked list", Code, 2.5),
    ("binary tree", Code, 2.5),
    ("recursion", Code, 2.0),
    ("recursive", Code, 2.0),
    ("json", Code, 0.5),
    ("docker*", Code, 1.5),
    ("pseudocode", Code, 2.5),
    ("snippet", Code, 2.0),
    ("smart contract", Code, 2.5),
    ("interpreter", Code, 2.0),
    ("console", Code, 1.5),
    ("代码", Code, 3.0),
    ("函数", Code, 3.0),
    ("编程", Code, 3.0),
    ("程序", Code, 2.5),
    ("算法", Code, 2.5),
    ("数组", Code, 2.0),
    ("字符串", Code, 2.0),
    ("código", Code, 2.5),
    ("función", Code, 2.0),
    ("programa", Code, 1.5),
    ("implementa", Code, 2.5),
    ("algoritmo", Code, 2.0),
    ("fonction", Code, 2.0),
    ("programme", Code, 1.5),
    ("implémente", Code, 2.5),
    ("algorithme", Code, 2.0),
    ("funktion", Code, 2.0),
    ("programm", Code, 1.5),
    ("implementiere", Code, 2.5),
    ("algorithmus", Code, 2.0),
    ("quellcode", Code, 2.5),
    // --- debug: something is broken and must be found or fixed. "bug" and "traceback" are
    // unambiguous; "error" and "fix" are supporting evidence.
    ("bug", Debug, 4.0),
    ("bugs", Debug, 4.0),
    ("buggy", Debug, 4.0),
    ("debug*", Debug, 4.0),
    ("fix the", Debug, 1.5),
    ("fix this", Debug, 1.5),
    ("fix it", Debug, 1.5),
    ("fix my", Debug, 1.5),
    ("fix the code", Debug, 3.5),
    ("error", Debug, 1.5),
    ("error handling", Code, 1.0),
    ("errors", Debug, 1.5),
    ("exception", Debug, 1.5),
    ("traceback", Debug, 3.5),
    ("stack trace", Debug, 3.5),
    ("crash*", Debug, 2.0),
    ("doesn't work", Debug, 2.0),
    ("does not work", Debug, 2.0),
    ("not working", Debug, 2.0),
    ("wrong output", Debug, 2.5),
    ("fails", Debug, 1.5),
    ("failing", Debug, 1.5),
    ("segmentation fault", Debug, 3.5),
    ("segfault", Debug, 3.5),
    ("null pointer", Debug, 3.0),
    ("code review", Debug, 3.0),
    ("review my code", Debug, 3.5),
    ("review this code", Debug, 3.5),
    ("what's wrong", Debug, 2.0),
    ("doesn't compile", Debug, 3.5),
    ("does not compile", Debug, 3.5),
    ("won't compile", Debug, 3.5),
    ("compile error", Debug, 3.5),
    ("compilation error", Debug, 3.5),
    ("error al compilar", Debug, 3.5),
    ("erreur de compilation", Debug, 3.5),
    ("kompilierfehler", Debug, 3.5),
    ("isn't working", Debug, 2.0),
    ("is not working", Debug, 2.0),
    ("never ends", Debug, 2.0),
    ("infinite loop", Debug, 3.0),
    ("what's the issue", Debug, 2.0),
    ("why does my", Debug, 2.0),
    ("why is my", Debug, 2.0),
    ("unexpected", Debug, 1.0),
    ("what is wrong", Debug, 2.0),
    ("troubleshoot*", Debug, 3.0),
    ("root cause", Debug, 2.0),
    ("syntax error", Debug, 3.5),
    ("typeerror", Debug, 3.5),
    ("valueerror", Debug, 3.5),
    ("indexerror", Debug, 3.5),
    ("keyerror", Debug, 3.5),
    ("nullpointerexception", Debug, 3.5),
    ("调试", Debug, 4.0),
    ("报错", Debug, 3.5),
    ("修复", Debug, 3.0),
    ("错误", Debug, 1.5),
    ("漏洞", Debug, 2.0),
    ("depura", Debug, 4.0),
    ("corrige", Debug, 2.0),
    ("arregla", Debug, 2.0),
    ("débogue", Debug, 4.0),
    ("déboguer", Debug, 4.0),
    ("erreur", Debug, 1.5),
    ("fehler", Debug, 1.5),
    ("behebe", Debug, 3.0),
    // --- plan: arrange actions in time or under constraints: trips, schedules, budgets,
    // decisions. "plan" alone is common in prose, so the artifact nouns weigh more.
    ("plan", Plan, 2.0),
    ("plan a", Plan, 3.0),
    ("plan for", Plan, 2.5),
    ("planning", Plan, 2.0),
    ("itinerar*", Plan, 3.5),
    ("schedul*", Plan, 3.0),
    ("calendar", Plan, 2.0),
    ("meeting*", Plan, 1.0),
    ("trip", Plan, 1.5),
    ("travel", Plan, 1.0),
    ("flights", Plan, 1.5),
    ("visit", Plan, 0.7),
    ("agenda", Plan, 2.5),
    ("timeline", Plan, 1.5),
    ("roadmap", Plan, 2.5),
    ("budget", Plan, 1.2),
    ("allocate", Plan, 2.0),
    ("optimi*", Plan, 1.5),
    ("maximize", Plan, 1.5),
    ("minimize", Plan, 1.5),
    ("constraints", Plan, 1.0),
    ("availability", Plan, 2.0),
    ("time slot", Plan, 2.5),
    ("meal plan", Plan, 3.5),
    ("workout plan", Plan, 3.5),
    ("study plan", Plan, 3.5),
    ("project plan", Plan, 3.5),
    ("prioritiz*", Plan, 2.0),
    ("to-do list", Plan, 2.0),
    ("deadline*", Plan, 1.5),
    ("logistics", Plan, 2.0),
    ("decide", Plan, 1.0),
    ("decision", Plan, 1.2),
    ("计划", Plan, 3.0),
    ("行程", Plan, 3.5),
    ("日程", Plan, 3.5),
    ("安排", Plan, 2.5),
    ("规划", Plan, 3.0),
    ("旅行", Plan, 1.5),
    ("planifica", Plan, 3.0),
    ("itinerario", Plan, 3.5),
    ("horario", Plan, 3.0),
    ("viaje", Plan, 1.5),
    ("planifie", Plan, 3.0),
    ("itinéraire", Plan, 3.5),
    ("emploi du temps", Plan, 3.5),
    ("voyage", Plan, 1.5),
    ("plane eine", Plan, 3.0),
    ("plane einen", Plan, 3.0),
    ("reiseplan", Plan, 3.5),
    ("reiseroute", Plan, 3.5),
    ("zeitplan", Plan, 3.5),
    ("stundenplan", Plan, 3.5),
    ("reise", Plan, 1.5),
];

/// Words that turn a following artifact noun into a request. They carry no task of their own
/// (a lexicon entry that starts with one, such as "write a", also counts as a request verb).
pub static REQUEST_VERBS: &[&str] = &[
    "write",
    "compose",
    "create",
    "generate",
    "make",
    "draft",
    "craft",
    "produce",
    "give me",
    "tell me",
    "need",
    "want",
    "pen",
    "author",
    "share",
    "provide",
    "suggest",
    "help me",
    "can you",
    "could you",
    "please",
    "i'd like",
    "写",
    "创作",
    "编",
    "给我",
    "escribe",
    "escríbeme",
    "crea",
    "redacta",
    "dame",
    "écris",
    "écrivez",
    "crée",
    "donne-moi",
    "schreibe",
    "schreib",
    "erstelle",
    "dichte",
    "verfasse",
];

/// Words that end one request and start another ("write a poem, *then* prove …"): they close
/// the topic zone of an artifact (see `score`).
pub static BREAKERS: &[&str] = &[
    "then",
    "also",
    "after that",
    "afterwards",
    "additionally",
    "next",
    "然后",
    "再",
    "luego",
    "después",
    "además",
    "ensuite",
    "puis",
    "aussi",
    "dann",
    "danach",
    "außerdem",
];

/// Spelled-out quantities. Like digits, they let a quantity question ("how many …") count as
/// arithmetic; they carry no task of their own.
pub static NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty",
    "thirty", "forty", "fifty", "hundred", "thousand", "dozen", "half", "twice", "triple", "double", "quarter",
    "third",
];

/// A compiled lexicon entry: the pattern without its marks, and what the marks said.
#[derive(Debug, Clone, Copy)]
pub struct Compiled {
    /// The pattern without `@`/`*`, used as the cue's readable name.
    pub name: &'static str,
    /// The task the entry speaks for; `None` for a bare request verb.
    pub task: Option<Task>,
    pub weight: f32,
    pub prefix: bool,
    /// An artifact noun that needs a request verb before it to count fully.
    pub artifact: bool,
    /// A quantity question that needs numbers in the text to count fully.
    pub quantity: bool,
    /// The entry is, or starts with, a request verb.
    pub verb: bool,
    /// The entry is a spelled-out number.
    pub numeral: bool,
    /// The entry ends one request and starts another.
    pub breaker: bool,
}

impl Compiled {
    /// An entry with no task and no flags.
    const fn marker(name: &'static str) -> Self {
        Compiled {
            name,
            task: None,
            weight: 0.0,
            prefix: false,
            artifact: false,
            quantity: false,
            verb: false,
            numeral: false,
            breaker: false,
        }
    }
}

/// The lexicon compiled once into one leftmost-longest, ASCII-case-insensitive automaton.
pub struct Matcher {
    pub automaton: AhoCorasick,
    pub entries: Vec<Compiled>,
}

pub static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
    let mut patterns = Vec::with_capacity(LEXICON.len());
    let mut entries = Vec::with_capacity(LEXICON.len());
    let starts_with_verb = |text: &str| {
        REQUEST_VERBS
            .iter()
            .any(|v| text.starts_with(v) && text[v.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric()))
    };
    for &(pattern, task, weight) in LEXICON {
        let artifact = pattern.starts_with('@');
        let quantity = pattern.starts_with('#');
        let text = pattern.trim_start_matches(['@', '#']);
        let prefix = text.len() > 1 && text.ends_with('*');
        let text = text.trim_end_matches('*');
        patterns.push(text);
        let verb = starts_with_verb(text);
        entries.push(Compiled { task: Some(task), weight, prefix, artifact, quantity, verb, ..Compiled::marker(text) });
    }
    // Markers carry no task; a word already in the lexicon keeps its lexicon entry.
    let markers = REQUEST_VERBS
        .iter()
        .map(|w| (w, 0))
        .chain(BREAKERS.iter().map(|w| (w, 1)))
        .chain(NUMBER_WORDS.iter().map(|w| (w, 2)));
    for (&word, kind) in markers {
        if !patterns.contains(&word) {
            patterns.push(word);
            let m = Compiled::marker(word);
            entries.push(Compiled { verb: kind == 0, breaker: kind == 1, numeral: kind == 2, ..m });
        }
    }
    let automaton = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .expect("the cue lexicon is a valid Aho-Corasick pattern set");
    Matcher { automaton, entries }
});

/// A lexicon hit that passed the word-boundary check.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// True for characters of scripts written without spaces, where word boundaries do not apply.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// True when a match edge sits on a word boundary: the edge character of the pattern is not a
/// word character, or its neighbour in the text is not one.
fn boundary_ok(edge: Option<char>, neighbour: Option<char>) -> bool {
    match (edge, neighbour) {
        (Some(e), Some(n)) if e.is_alphanumeric() && !is_unspaced(e) => !(n.is_alphanumeric() || n == '_'),
        _ => true,
    }
}

/// Calls `f` for every lexicon hit in `text` that stands on word boundaries.
pub fn for_each_hit(text: &str, mut f: impl FnMut(Hit)) {
    let m = &*MATCHER;
    for found in m.automaton.find_iter(text) {
        let entry = found.pattern().as_usize();
        let (start, end) = (found.start(), found.end());
        let matched = &text[start..end];
        let left = boundary_ok(matched.chars().next(), text[..start].chars().next_back());
        let right = m.entries[entry].prefix || boundary_ok(matched.chars().next_back(), text[end..].chars().next());
        if left && right {
            f(Hit { entry, start, end });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str) -> Vec<&'static str> {
        let mut out = Vec::new();
        for_each_hit(text, |h| out.push(MATCHER.entries[h.entry].name));
        out
    }

    #[test]
    fn lexicon_compiles_without_duplicates() {
        let mut seen = std::collections::HashSet::new();
        for (pattern, _, weight) in LEXICON {
            assert!(seen.insert(pattern.to_lowercase()), "duplicate cue {pattern}");
            assert!(*weight > 0.0 && *weight <= 4.0, "weight out of range for {pattern}");
            assert_eq!(*pattern, pattern.to_lowercase(), "cue {pattern} must be written in lowercase");
        }
        assert!(MATCHER.entries.len() >= LEXICON.len());
        assert!(MATCHER.entries.iter().any(|e| e.name == "write a" && e.verb && e.task == Some(Writing)));
        assert!(MATCHER.entries.iter().any(|e| e.name == "poem" && e.artifact));
    }

    #[test]
    fn matches_respect_word_boundaries() {
        assert_eq!(hits("Write a Poem"), vec!["write a", "poem"]);
        assert_eq!(hits("please compose"), vec!["please", "compose"]);
        assert_eq!(hits("the poetic tale"), vec!["poetic", "tale"]);
        assert!(hits("debugging").contains(&"debug"));
        assert!(hits("summarise this").contains(&"summar"));
        // "plan" must not fire inside "planet" or "explanation".
        assert!(hits("a planet and an explanation").is_empty());
        // Unspaced scripts match anywhere.
        assert_eq!(hits("请写一首诗"), vec!["写", "诗"]);
    }
}
