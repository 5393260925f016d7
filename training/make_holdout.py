"""Writes training/holdout.jsonl: a second hand-written set, kept for a final check only.

Written by hand for modelfit after the first version of the classifier existed, and evaluated only
at the end (no cue or weight was changed after looking at its results). The prompts are longer and
messier than validation.jsonl on purpose: context before the request, polite padding, format
instructions, and mixed-language or templated text. Run: python3 training/make_holdout.py
"""
import json
import os

KIND = {
    "creative": "general", "dialogue": "general", "writing": "general", "summarize": "general",
    "qa": "either",
    "math": "inference", "logic": "inference", "code": "inference", "debug": "inference", "plan": "inference",
}

P = {
"creative": [
    "My daughter is turning six and she is obsessed with octopuses. Could you make up a little story I can read to her tonight? Keep it under 300 words.",
    "We're launching a sparkling tea next month. I need twenty possible product names, playful but not silly.",
    "Hey! Can you help me with lyrics for a chorus about missing the last bus home? Indie-pop vibe.",
    "For our team newsletter, write a short, light-hearted poem celebrating the end of the migration project.",
    "Give me some fun prompts for a creative writing club of teenagers; they like sci-fi and mysteries.",
    "Write a dramatic monologue for a villain who is secretly a librarian.",
    "Can you think up a few punny names for a cat cafe?",
    "Describe an imaginary city built inside a giant tree, as vividly as you can.",
    "I run a small bakery. Brainstorm ideas for a Halloween window display.",
    "Write a children's rhyme that helps kids remember the planets.",
],
"dialogue": [
    "You are Captain Reyes of the starship Meridian. The user is a new ensign reporting for duty. Respond in character and keep replies short.",
    "Let's practice: you're an immigration officer at the airport and I'm arriving for a conference. Ask me the usual questions.",
    "I'd like to rehearse a difficult conversation. Play my landlord who wants to raise the rent by 20%; I'll try to negotiate.",
    "Pretend you're a 1920s radio host and chat with me about the news of the day.",
    "Be my language buddy in German. Talk to me like a friend at a cafe, and correct me only at the end.",
    "From now on you are Mochi, a sleepy cat who answers everything in a drowsy, cat-like way.",
    "Act as an interviewer for a senior nurse position and ask me one question at a time.",
    "Role-play a tense negotiation: you are a car dealer, I'm the buyer.",
    "You're a wise old lighthouse keeper. I'm a sailor who has just washed ashore. Talk with me.",
    "Simulate a conversation with a skeptical investor; I'll pitch my startup and you push back.",
],
"writing": [
    "Please draft a short message to my team letting them know the office will be closed on Friday for maintenance.",
    "Can you turn these bullet points into a polished paragraph for our annual report? - revenue up - new office in Lyon - hiring freeze lifted",
    "I need a professional out-of-office reply for two weeks of parental leave.",
    "Rewrite my bio so it sounds less stiff. Currently: 'John Smith is a software engineer with ten years of experience.'",
    "Write an article for a local newspaper about the reopening of the public swimming pool.",
    "Help me write a heartfelt condolence message to a colleague who lost her father.",
    "Polish this apology email so it sounds sincere but not grovelling.",
    "Write a 200-word description of our yoga studio for the website's About page.",
    "Translate the following customer notice into Spanish and German.",
    "Create a formal invitation letter for the keynote speaker of our conference.",
],
"summarize": [
    "Below is a transcript of our 45-minute call with the client. Summarize the decisions and the open questions.\n\nAlice: so the launch slips to May. Bob: yes, and we still need legal sign-off. Alice: who owns that? Bob: Carla, probably. Alice: and the budget stays at 1.2 million? Bob: for now.",
    "Could you give me a short summary of what the French Revolution was about?",
    "TL;DR please: the city council voted 7-2 to extend bike lanes on Main Street, starting in June, costing $2.3M, funded by a state grant.",
    "Make a brief recap of the last three chapters for a reader who forgot them.",
    "Summarize the key findings of this paper in plain language for a policy audience.",
    "I pasted our product reviews below. What are the recurring complaints? Summarize in 5 bullets.",
    "Condense this 2-page memo into a single paragraph for the CEO.",
    "Give me the main points of this podcast episode transcript.",
    "请用三句话概括这段新闻的内容。",
    "Resume en pocas palabras el siguiente informe.",
],
"qa": [
    "What's the tallest mountain in Africa?",
    "Can you explain what a Roth IRA is and who it's good for?",
    "Is coffee bad for your heart?",
    "Who painted the ceiling of the Sistine Chapel?",
    "What are the symptoms of vitamin D deficiency?",
    "How does GPS work?",
    "Which countries border Switzerland?",
    "What is the difference between weather and climate?",
    "Why do cats purr?",
    "Explain the rules of cricket to an American.",
    "Is it better to rent or buy a home in your 20s?",
    "What does HTTP stand for?",
],
"math": [
    "My recipe serves 4 and uses 300 g of flour. How much flour do I need for 10 people?",
    "If a loan of $12,000 has 6% annual interest compounded monthly, what is the balance after 3 years?",
    "Find all real solutions of x^4 - 5x^2 + 4 = 0.",
    "A bag has 5 red, 3 blue and 2 green marbles. Two are drawn without replacement. What is the probability both are red?",
    "Prove by induction that 1 + 2 + ... + n = n(n+1)/2.",
    "A ladder 10 m long leans against a wall with its foot 6 m from the wall. How high up the wall does it reach?",
    "What is the least common multiple of 84 and 90?",
    "A runner completes a 10 km race in 52 minutes. What is her average pace per kilometre?",
    "Evaluate the limit of (sin 3x)/x as x approaches 0.",
    "Two trains leave stations 300 km apart at the same time, heading toward each other at 70 km/h and 80 km/h. When do they meet?",
],
"logic": [
    "Every student who passed the exam attended the review session. Maria did not attend the review session. Did Maria pass?",
    "Four people need to cross a bridge at night with one torch; they take 1, 2, 5 and 10 minutes. What is the fastest way across?",
    "If some artists are engineers and all engineers are logical, must some artists be logical?",
    "There are three doors; behind one is a prize. Explain whether you should switch after the host opens an empty door.",
    "Which number does not belong: 2, 3, 5, 9, 11? Explain your reasoning.",
    "Five runners finished a race. Kim beat Lee, Lee beat Max, Ola finished right after Kim, and Pat was last. Who came second?",
    "A says: 'Exactly one of us is lying.' B says: 'We are both lying.' Who is telling the truth?",
    "Is the following inference valid: if the alarm rings, the dog barks; the dog barks; therefore the alarm rang?",
    "I have a brother and a sister. My sister has two brothers. How many boys are in the family, and why?",
    "Decode this: if CAT is written as DBU, how is DOG written?",
],
"code": [
    "I need a small Python CLI that takes a folder path and prints the ten largest files in it.",
    "Write a Kotlin data class for a Book with title, author and year, plus a function that sorts a list of books by year.",
    "Create a GitHub Actions workflow that runs cargo test on every pull request.",
    "Generate a PostgreSQL schema for a library: books, members, loans, with foreign keys.",
    "Implement a debounce function in TypeScript.",
    "Can you show me how to read a CSV file into a pandas DataFrame and group by a column?",
    "Build a simple chat server in Go that broadcasts messages to all connected clients.",
    "Write a Rust function that parses a semantic version string like 1.2.3-beta.",
    "Refactor this function to be more readable:\n\n```python\ndef f(l):\n    r=[]\n    for i in l:\n        if i%2==0: r.append(i*i)\n    return r\n```",
    "Write a shell one-liner that counts unique IP addresses in an nginx access log.",
],
"debug": [
    "After upgrading to Node 20 my tests fail with 'ERR_REQUIRE_ESM'. What's causing it and how do I fix it?",
    "My pandas merge gives NaN everywhere even though the keys look identical. Any idea why?",
    "This loop prints the same value five times instead of 0 to 4:\n\n```js\nfor (var i = 0; i < 5; i++) { setTimeout(() => console.log(i)); }\n```",
    "Why am I getting 'IndentationError: unexpected indent' on line 3 of my script?",
    "The app works locally but returns 502 Bad Gateway on the server behind nginx. How do I track down the problem?",
    "Here's my function; it returns wrong results for negative numbers. Please find the mistake.\n\n```c\nint abs(int x) { return x > 0 ? x : x; }\n```",
    "My Kubernetes pod keeps restarting with CrashLoopBackOff. What should I check?",
    "The memory usage of my Java service grows until it dies. How can I find the leak?",
    "cargo build fails: error[E0382]: borrow of moved value: `config`. How do I fix this?",
    "My regex ^\\d{3}-\\d{4}$ doesn't match '555-1234 ' from the form. What's wrong?",
],
"plan": [
    "I have a free Saturday in Barcelona. Plan the day from 9am to 11pm, mixing sights, food and a beach break.",
    "Our team of 6 needs on-call coverage for March with nobody on call two weekends in a row. Draft the rota.",
    "Help me plan a budget for the next 6 months: I earn 3,200 a month and want to save for a 2,000 trip.",
    "I'm preparing for a half marathon in 10 weeks. Build me a training schedule.",
    "Plan a kid's birthday party for 15 children, 2 hours, in our garden, with a timeline.",
    "We have 3 warehouses and 5 stores; propose a delivery route plan that minimizes total distance.",
    "Draft a 30-60-90 day plan for a new engineering manager.",
    "I need to visit the bank, the post office, the pharmacy and pick up my kids at 3pm. What's the best order?",
    "Create a revision timetable for my finals: 6 subjects, 3 weeks, weekends lighter.",
    "Organize a two-week trip through Vietnam from north to south with transport between cities.",
],
}

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "holdout.jsonl"), "w", encoding="utf-8") as out:
    for task, prompts in P.items():
        for i, text in enumerate(prompts):
            row = {"id": f"holdout:{task}-{i}", "task": task, "kind": KIND[task], "text": text}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
print(sum(len(v) for v in P.values()), "prompts")
