// A small offline OpenAPI explorer: lists every operation of /openapi.json by tag, shows its
// parameters and request schema, and sends a request built from the form (same origin).
const $ = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === 'class' ? (el.className = v) : el.setAttribute(k, v);
  for (const child of children) el.append(child);
  return el;
};

function resolve(spec, schema) {
  const ref = schema?.$ref;
  return ref ? spec.components.schemas[ref.split('/').pop()] : schema;
}

function example(spec, schema, depth = 0) {
  schema = resolve(spec, schema);
  if (!schema || depth > 6) return null;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const alt = schema.anyOf || schema.oneOf;
  if (alt) return example(spec, alt[0], depth + 1);
  switch (schema.type) {
    case 'object': {
      const out = {};
      for (const key of schema.required || []) out[key] = example(spec, schema.properties?.[key], depth + 1);
      return out;
    }
    case 'array':
      return [example(spec, schema.items, depth + 1)];
    case 'number':
    case 'integer':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      return schema.format === 'uuid' ? crypto.randomUUID() : schema.format === 'date-time' ? new Date().toISOString() : 'text';
    default:
      return null;
  }
}

function operationView(spec, path, method, op) {
  const params = op.parameters || [];
  const jsonBody = op.requestBody?.content?.['application/json'];
  const inputs = params.flatMap((p) => {
    const input = $('input', { type: 'text', name: p.name, 'data-in': p.in, placeholder: p.required ? 'required' : 'optional' });
    if (p.in === 'path' && p.schema?.format === 'uuid') input.value = crypto.randomUUID();
    return [$('label', {}, `${p.name} (${p.in})`), input];
  });
  const body = jsonBody ? $('textarea', { name: 'body' }) : null;
  if (body) body.value = JSON.stringify(example(spec, jsonBody.schema), null, 2);
  const output = $('pre', {}, '');
  const send = $('button', { type: 'button' }, 'Send');
  send.addEventListener('click', async () => {
    let url = path;
    const query = new URLSearchParams();
    const headers = {};
    for (const input of inputs.filter((x) => x.tagName === 'INPUT')) {
      if (!input.value) continue;
      const where = input.dataset.in;
      if (where === 'path') url = url.replace(`{${input.name}}`, encodeURIComponent(input.value));
      else if (where === 'query') query.set(input.name, input.value);
      else if (where === 'header') headers[input.name] = input.value;
    }
    if (body) headers['content-type'] = 'application/json';
    const started = performance.now();
    try {
      const res = await fetch(url + (query.size ? `?${query}` : ''), { method: method.toUpperCase(), headers, body: body ? body.value : undefined });
      const type = res.headers.get('content-type') || '';
      const text = type.includes('json')
        ? JSON.stringify(await res.json(), null, 2)
        : type.startsWith('text/')
          ? await res.text()
          : `(${type}, ${(await res.arrayBuffer()).byteLength} bytes)`;
      output.textContent = `${res.status} ${res.statusText} in ${(performance.now() - started).toFixed(0)} ms\n\n${text}`;
    } catch (error) {
      output.textContent = String(error);
    }
  });
  return $(
    'details',
    { 'data-search': `${path} ${op.summary || ''}`.toLowerCase() },
    $('summary', {}, $('span', { class: `method ${method}` }, method), $('span', { class: 'path' }, path), $('span', {}, op.summary || '')),
    $(
      'div',
      { class: 'body' },
      op.description ? $('p', {}, op.description) : '',
      ...inputs,
      ...(body ? [$('label', {}, 'JSON body'), body] : []),
      send,
      output,
    ),
  );
}

async function main() {
  const spec = await (await fetch('/openapi.json')).json();
  document.getElementById('description').textContent = spec.info.description || '';
  document.title = spec.info.title;
  const byTag = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operationView(spec, path, method, op));
    }
  }
  const main = document.getElementById('operations');
  for (const [tag, views] of byTag) main.append($('h2', {}, tag), ...views);
  document.getElementById('filter').addEventListener('input', (event) => {
    const needle = event.target.value.toLowerCase();
    for (const el of main.querySelectorAll('details')) el.hidden = !el.dataset.search.includes(needle);
  });
}

main();
