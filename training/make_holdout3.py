"""Writes training/holdout3.jsonl: a fourth hand-written set, for one clean run of the final
classifier. Committed before the classifier was run on it. Run: python3 training/make_holdout3.py
"""
from checkset import write

P = {
"creative": [
    "Write a ghost story set in an abandoned shopping mall, about 500 words.",
    "Come up with a motto for our chess club that sounds like a medieval war cry.",
    "Give me some names for a pet hedgehog, the sillier the better.",
    "I want a short poem for a retirement card for a nurse who worked 35 years.",
    "Write a tongue twister about a purple parrot.",
    "Invent a holiday that celebrates clouds and describe its traditions.",
],
"dialogue": [
    "You are Aria, a cheerful barista at a space station cafe. Greet the customer and take their order.",
    "Pretend you're my grandmother telling me about her childhood in Naples; I'll ask questions.",
    "Act as a job coach. I'll tell you about my situation and you respond the way a coach would in a session.",
    "Let's role-play: you're a detective interrogating me about a stolen painting.",
    "Play a sarcastic robot butler for the rest of this chat.",
    "I want you to act as a debate partner and challenge every point I make about nuclear energy.",
],
"writing": [
    "Write a cover letter for a barista job; I have two years of experience in a busy cafe.",
    "Edit this paragraph so it reads more smoothly and fix any grammar mistakes.",
    "Write a short article about the benefits of urban gardening for a community newsletter.",
    "Draft an email to parents announcing the school trip to the science museum.",
    "Rephrase this message so it sounds friendlier: 'Your request was denied.'",
    "Write a toast for my best friend's wedding, sentimental but with a couple of jokes.",
],
"summarize": [
    "Summarize this chapter for me in five bullet points.",
    "Can you give me a TL;DR of the GDPR?",
    "Give me a brief summary of World War I suitable for a 12-year-old.",
    "Sum up the arguments on both sides of this debate in a short paragraph.",
    "Condense these customer interviews into the three most common needs.",
    "Zusammenfassung bitte: Was steht in diesem Vertrag über die Kündigung?",
],
"qa": [
    "What is the boiling point of water at high altitude?",
    "Who discovered penicillin?",
    "Why do onions make you cry?",
    "What are the health benefits of green tea?",
    "How do noise-cancelling headphones work?",
    "Is Pluto a planet?",
    "What's the difference between baking soda and baking powder?",
    "When was the Great Wall of China built?",
],
"math": [
    "What is 15% of 380?",
    "A train leaves at 2:15 pm and arrives at 6:40 pm. If it traveled 265 miles, what was its average speed?",
    "Find the value of x if 3(x - 4) = 2x + 5.",
    "How many different 4-digit PIN codes can be made if no digit repeats?",
    "Prove that the square of an odd number is odd.",
    "A pizza is cut into 12 slices. Ana eats 3 and Ben eats a third of what's left. How many slices remain?",
],
"logic": [
    "Lena, Omar and Priya each have a different pet: a cat, a dog and a fish. Lena is allergic to fur. Omar's pet cannot swim. Who has which pet?",
    "If all bloggers are writers and some writers are poets, does it follow that some bloggers are poets?",
    "A clock shows 3:15. What is the angle between the hour and minute hands? Explain step by step.",
    "Two guards stand at two doors; one always lies and one always tells the truth. What single question finds the safe door?",
    "Which of these words is the odd one out: apple, banana, carrot, cherry?",
    "If yesterday was Friday, what day will it be three days after tomorrow?",
],
"code": [
    "Write a Python script that downloads a web page and prints all the links on it.",
    "Implement a stack using two queues in Java.",
    "Write a SQL query to get the second highest salary from an employees table.",
    "Create a small Vue component that shows a countdown timer.",
    "Write a function in C that reverses a linked list in place.",
    "Generate a regex that validates UK postcodes.",
],
"debug": [
    "My Python code throws 'TypeError: unsupported operand type(s) for +: int and str'. How do I fix it?",
    "This function is supposed to return the average but gives wrong results:\n\n```python\ndef avg(xs):\n    return sum(xs) / len(xs) + 1\n```",
    "Why does my CSS flexbox not center the div vertically?",
    "My git push is rejected with 'non-fast-forward'. What went wrong and how do I fix it?",
    "The page freezes when I click the button; I think there's an infinite loop in my JavaScript. Can you help me find it?",
    "Getting a NullPointerException in this Java method when the list is empty. Please debug it.",
],
"plan": [
    "Plan a week of dinners for two people using mostly pantry staples.",
    "Create a schedule for a two-day hackathon with 60 participants.",
    "I want to run a 5k in 8 weeks; I can train 3 days a week. Make me a plan.",
    "Help me plan a move abroad: visa, housing, shipping, in the right order over 3 months.",
    "Make an itinerary for 3 days in Istanbul on a student budget.",
    "Our 4-person team must cover support 7 days a week with everyone getting 2 days off. Propose a weekly rota.",
],
}

write("holdout3.jsonl", "holdout3", P)
