/**
 * The wording of the postmortem assignment (the common bootcamp brief and the lab's rubric).
 * A section made mostly of these words was pasted back, not written.
 */
export const ASSIGNMENT_TEXT = `
Issue Summary (that is often what executives will read) must contain:
duration of the outage with start and end times (including timezone)
what was the impact (what service was down/slow? What were user experiencing? How many % of the users were affected?)
what was the root cause
Timeline (format bullet point, format: time - keep it short, 1 or 2 sentences) must contain:
when was the issue detected
how was the issue detected (monitoring alert, an engineer noticed something, a customer complained…)
actions taken (what parts of the system were investigated, what were the assumption on the root cause of the issue)
misleading investigation/debugging paths that were taken
which team/individuals was the incident escalated to
how the incident was resolved
Root cause and resolution must contain:
explain in detail what was causing the issue
explain in detail how the issue was fixed
Corrective and preventative measures must contain:
what are the things that can be improved/fixed (broadly speaking)
a list of tasks to address the issue (be very specific, like a TODO, example: patch Nginx server, add monitoring on server memory…)
Be brief and straight to the point, between 400 to 600 words
While postmortem format can vary, stick to this one so that you can get properly reviewed by your peers.
Please, remember that these blogs must be written in English to further your technical ability in a variety of settings.
the duration with start and end times and a timezone; the impact (which service was down or slow, what users saw,
what percentage of users were affected); the root cause in a sentence.
bullet points of the form time - one or two sentences, covering: when the issue was detected; how (monitoring alert,
an engineer noticed, a customer complained); what was investigated and what was assumed; the misleading paths taken;
who it was escalated to; how it was resolved.
what caused the issue, in detail; how it was fixed, in detail.
what can be improved in general, and a list of specific tasks, like a TODO list (for example: patch the web server,
add memory monitoring).
An optional extra credit asks for something that makes readers want to read it: a diagram, an image, humour.
`;
