"""Writes training/holdout2.jsonl: a third hand-written set for a clean final check.

Written by hand after the cue additions that followed the first holdout run, committed before the
classifier was run on it, and evaluated once. Run: python3 training/make_holdout2.py
"""
from checkset import write

P = {
"creative": [
    "Make up a legend explaining why the river in our village runs backwards once a year.",
    "I'm writing a fantasy novel. Suggest names for five mountain kingdoms and their rulers.",
    "Write a wedding poem that mentions our dog Biscuit and the rainy day we met.",
    "Could you invent three cocktail recipes with silly names for a board-game night?",
    "Compose a short lullaby in the style of a folk song.",
    "Pitch me three quirky concepts for a mobile game about gardening.",
],
"dialogue": [
    "You are a grumpy medieval blacksmith. A customer (me) wants a sword by tomorrow. Stay in character.",
    "Let's do a mock job interview: you're the interviewer at a design agency. Start when ready.",
    "Pretend to be my future self from 2045 and tell me about your day while I ask questions.",
    "I want to practice small talk in Japanese. Play a friendly neighbour and keep it simple.",
    "Act as a tour guide in Kyoto and answer me as if we are walking through Gion right now.",
    "You are an AI ship's computer in a space opera. I'm the captain; respond to my orders in character.",
],
"writing": [
    "Write a recommendation letter for my former intern, who was punctual and creative.",
    "Please rewrite this sentence so it's more concise: 'Due to the fact that it was raining, we made the decision to stay inside.'",
    "Draft a short announcement for our website about new opening hours.",
    "Write a 300-word essay on the role of libraries in the digital age.",
    "Help me write a polite follow-up email after a job interview.",
    "Turn my notes into a blog post introduction: remote work, burnout, boundaries, tips.",
],
"summarize": [
    "Summarize the plot of The Lord of the Rings in one paragraph.",
    "Here are the minutes from yesterday's board meeting. Give me a summary of the action items.\n\nThe board approved the budget. Anna will contact the auditor by Friday. The new hire starts in May. The office move is postponed until Q3.",
    "Can you give me a quick recap of what happened in the last episode of the show?",
    "Condense this product spec into five bullet points for the sales team.",
    "What's the gist of this article? Keep it to two sentences.",
    "Resume los puntos clave de esta conversación.",
],
"qa": [
    "How far is the Moon from Earth?",
    "What causes the northern lights?",
    "Who invented the telephone?",
    "Is it okay to leave a laptop plugged in all the time?",
    "What's the best way to store fresh basil?",
    "Which language has the most native speakers?",
    "What is the capital of Canada?",
    "How do bees make honey?",
],
"math": [
    "A shirt costs $40 after a 20% discount. What was the original price?",
    "What is the sum of the interior angles of a hexagon?",
    "Solve the system: 2x + y = 7 and x - y = 2.",
    "How many seconds are there in a leap year?",
    "If the ratio of boys to girls is 3:5 and there are 24 girls, how many boys are there?",
    "Show that the product of any three consecutive integers is divisible by 6.",
],
"logic": [
    "Tom is older than Ann but younger than Bea. Who is the youngest?",
    "If no reptiles are mammals and all snakes are reptiles, can a snake be a mammal? Explain.",
    "A farmer must take a wolf, a goat and a cabbage across a river in a small boat. How does he do it?",
    "One of three boxes contains gold. Each box has a statement and exactly one statement is true. Which box has the gold?",
    "What comes next in the sequence: J, F, M, A, M, ?",
    "All of my friends who like jazz also like blues. Sam doesn't like blues. Does Sam like jazz?",
],
"code": [
    "Write a JavaScript function that debounces another function.",
    "Create a Python class for a bank account with deposit, withdraw and balance methods.",
    "Give me a SQL query that finds duplicate email addresses in a users table.",
    "Write a Makefile that builds a C project with sources in src/ and headers in include/.",
    "Implement quicksort in Haskell.",
    "Build a command-line todo app in Rust that saves tasks to a JSON file.",
],
"debug": [
    "My Flask app returns 404 for every route except the home page. Here's the code:\n\n```python\n@app.route('/about')\ndef about(): return 'hi'\n```\nWhat's wrong?",
    "Why does `0.1 + 0.2 == 0.3` evaluate to false in JavaScript, and how should I compare floats instead?",
    "I'm getting a segmentation fault when I free this pointer twice. How do I fix it?",
    "The build breaks with 'module not found: react-dom/client' after upgrading. What should I change?",
    "This recursion never terminates for n = 0. Find the bug.\n\n```python\ndef fact(n):\n    return n * fact(n - 1)\n```",
    "My Excel VLOOKUP returns #N/A even though the value exists. What am I doing wrong?",
],
"plan": [
    "Plan a three-day weekend in Rome for two people who love art, with a daily budget of 150 euros.",
    "I have 5 assignments due next week; help me schedule them around my part-time job.",
    "Create a 4-week plan to learn basic Spanish for 20 minutes a day.",
    "We're hosting 40 guests for a barbecue. Make a shopping list and a timeline for the day.",
    "Propose an itinerary for a cycling tour of the Loire valley in 6 days.",
    "Help me decide the order in which to tackle these home repairs given the budget and the weather.",
],
}

write("holdout2.jsonl", "holdout2", P)
