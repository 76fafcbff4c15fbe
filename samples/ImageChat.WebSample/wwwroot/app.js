// ImageChat web sample: one page, no build step. The server renders every reply to safe HTML; this script only
// places it, streams the turn's events (server-sent events over a POST) and keeps the conversation id for reloads.
'use strict';

const storageKey = 'imagechat.conversation';
const log = document.getElementById('log');
const form = document.getElementById('composer');
const input = document.getElementById('message');
const sendButton = document.getElementById('send');
const newButton = document.getElementById('new-conversation');
const status = document.getElementById('status');
const statusText = document.getElementById('status-text');
const preview = document.getElementById('preview');
const error = document.getElementById('error');
let conversationId = null;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function figure(image) {
  const node = element('figure');
  const img = element('img');
  img.src = image.url;
  img.alt = image.description;
  node.append(img, element('figcaption', null, image.description));
  return node;
}

function render(message) {
  const node = element('div', `message ${message.role}`);
  const body = element('div', 'body');
  body.innerHTML = message.html; // Encoded and sanitised by the server (ReplyMarkup).
  node.append(body, ...message.images.map(figure));
  return node;
}

function append(node) {
  log.append(node);
  node.scrollIntoView({ block: 'end' });
  return node;
}

function showError(message) {
  error.textContent = message ?? '';
  error.hidden = !message;
}

function setBusy(busy, text) {
  sendButton.disabled = busy;
  newButton.disabled = busy;
  status.hidden = !busy;
  statusText.textContent = text ?? '';
  if (!busy) preview.hidden = true;
}

async function readError(response) {
  try {
    return (await response.json()).error;
  } catch {
    return `The server answered ${response.status} ${response.statusText}.`;
  }
}

// Sending waits for a conversation: the page starts with Send disabled, until the first one is shown.
function show(conversation) {
  conversationId = conversation.id;
  sendButton.disabled = false;
  localStorage.setItem(storageKey, conversation.id);
  log.replaceChildren(...conversation.messages.map(render));
  log.lastElementChild?.scrollIntoView({ block: 'end' });
}

async function newConversation() {
  showError(null);
  const response = await fetch('/api/conversations', { method: 'POST' });
  if (!response.ok) return showError(await readError(response));
  show(await response.json());
  input.focus();
}

async function resume() {
  const id = localStorage.getItem(storageKey);
  if (id) {
    const response = await fetch(`/api/conversations/${encodeURIComponent(id)}`);
    if (response.ok) return show(await response.json());
  }
  await newConversation();
}

// Reads a text/event-stream body and calls handle(event, data) for each event.
async function readEvents(response, handle) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replaceAll('\r\n', '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) handle(event, JSON.parse(data.join('\n')));
    }
  }
}

async function send(text) {
  showError(null);
  const question = append(render({ role: 'user', html: '', images: [] }));
  question.querySelector('.body').textContent = text;
  const reply = append(element('div', 'message assistant pending'));
  const replyText = reply.appendChild(element('div', 'body'));
  setBusy(true, 'Sending…');
  let finished = false;
  const fail = message => {
    // The server left the conversation as it was before this message: so does the page.
    question.remove();
    reply.remove();
    input.value = text;
    showError(message);
  };
  try {
    const response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (!response.ok) return fail(await readError(response));
    await readEvents(response, (event, data) => {
      switch (event) {
        case 'status': statusText.textContent = data.text; break;
        case 'delta': replyText.textContent += data.text; statusText.textContent = 'Writing…'; break;
        case 'image-started': statusText.textContent = `Painting: ${data.description}`; break;
        case 'image-preview': preview.src = data.dataUrl; preview.hidden = false; break;
        case 'image': reply.append(figure(data.image)); break;
        case 'done': reply.replaceWith(render(data.message)); finished = true; break;
        case 'error': fail(data.message); finished = true; break;
      }
    });
    if (!finished) fail('The connection to the server ended before the reply was complete. Send again.');
  } catch {
    fail('The server cannot be reached. Check that it is running, then send again.');
  } finally {
    setBusy(false);
    log.lastElementChild?.scrollIntoView({ block: 'end' });
  }
}

form.addEventListener('submit', event => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text) return showError('Type a message first.');
  if (sendButton.disabled) return;
  input.value = '';
  send(text);
});

input.addEventListener('keydown', event => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});

newButton.addEventListener('click', newConversation);
resume();
