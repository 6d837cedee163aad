/**
 * The emergency-plan API under /api/v1/emergency-plans (LV-7; docs/emergency-plans.md): the
 * municipalities a caller's centre serves with their plans and contacts, one municipality, one
 * plan; creating, changing and removing plans; attaching, downloading and removing documents.
 * Access by the register's policy on the municipality, placed by the routing data in force; a plan
 * or document outside the caller's municipalities answers 404, as one that does not exist.
 *
 * Documents are uploaded as the raw request body with its Content-Type (one of the allow-list) and
 * `?filename=` — no multipart: the bytes stream straight into the blob store, checked as they go.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../platform/errors.ts';
import type { Route } from '../../platform/http/route.ts';
import { documentMediaTypes } from '../domain/plan-values.ts';
import { attachDocument, type DocumentDeps } from '../documents/attach-document.ts';
import { etagOf, openDocumentContent } from '../documents/document-content.ts';
import { removeDocument } from '../documents/remove-document.ts';
import { createPlan, removePlan, updatePlan } from '../maintain-plans.ts';
import { loadDocument, municipalityOfPlan } from '../plan-store.ts';
import { MAINTAIN, READ } from '../policy.ts';
import { listMunicipalities, readMunicipality, readPlan } from '../read-plans.ts';
import {
  createPlanBody,
  documentSchema,
  idParams,
  listQuery,
  municipalityListSchema,
  municipalityParams,
  municipalityPlansSchema,
  planSchema,
  revisionQuery,
  updatePlanBody,
  uploadQuery,
} from './schema.ts';

export const BASE = '/api/v1/emergency-plans';
export const UPLOAD_URL = `${BASE}/plans/:id/documents`;
const tags = ['emergency-plans'];

/**
 * The document types reach only the upload route as a stream (the handler reads it); any other
 * route answers them as Fastify would without a parser — except `text/plain`, which Fastify reads
 * as text for every route by default and still does.
 */
function registerUploadParsers(app: FastifyInstance): void {
  const bodyLimit = app.initialConfig.bodyLimit ?? 1024 * 1024;
  if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain');
  for (const type of documentMediaTypes) {
    if (app.hasContentTypeParser(type)) continue;
    app.addContentTypeParser(type, (req: FastifyRequest, payload, done) => {
      if (req.routeOptions.url === UPLOAD_URL) return done(null, undefined);
      if (type !== 'text/plain') {
        const err = Object.assign(new Error(`Unsupported Media Type: ${type}`), {
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
          statusCode: 415,
        });
        return done(err, undefined);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      payload.on('data', (c: Buffer) => {
        size += c.length;
        if (size > bodyLimit && !failed) {
          failed = true;
          done(
            Object.assign(new Error('Request body is too large'), {
              code: 'FST_ERR_CTP_BODY_TOO_LARGE',
              statusCode: 413,
            }),
            undefined,
          );
        }
        if (!failed) chunks.push(c);
      });
      payload.on('end', () => {
        if (!failed) done(null, Buffer.concat(chunks).toString('utf8'));
      });
      payload.on('error', (err) => {
        if (!failed) done(err, undefined);
      });
    });
  }
}

/** `attachment` with the name in UTF-8 (RFC 6266/8187) and an ASCII fallback. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}; filename="${ascii}"`;
}

export function registerEmergencyPlanRoutes(route: Route, app: FastifyInstance, deps: DocumentDeps): void {
  registerUploadParsers(app);
  const { db, directory } = deps;
  const planScope = async ({ params }: { params: { id: string } }) =>
    directory.resource((await municipalityOfPlan(db, params.id)) ?? '');
  const planRefusal = () => notFound('The plan');

  route({
    method: 'GET',
    url: `${BASE}/municipalities`,
    summary: 'List the municipalities with their emergency plans',
    description:
      'The municipalities the caller may read (those its centre serves, by the routing data in force), each with its plans and their contacts in alerting order, and its status: `missing` (no plan), else the worst review status of its plans (`overdue` past the review date, `due-soon` within 30 days, `current`). Filter by `q` (name or number), `centre` (a centre id) and `status`.',
    tags,
    auth: READ,
    query: listQuery,
    response: municipalityListSchema,
    handler: ({ query, actor }) => listMunicipalities(deps, actor, query),
  });
  route({
    method: 'GET',
    url: `${BASE}/municipalities/:number`,
    summary: 'Read a municipality’s emergency plans',
    description:
      'Every plan of the municipality, whole: contacts, documents, review status; `mayMaintain` says whether the caller may change them.',
    tags,
    auth: { ...READ, scope: ({ params }) => directory.resource(params.number) },
    params: municipalityParams,
    response: municipalityPlansSchema,
    errors: [404],
    handler: ({ params, actor }) => readMunicipality(deps, actor, params.number),
  });
  route({
    method: 'POST',
    url: `${BASE}/municipalities/:number/plans`,
    summary: 'Create an emergency plan for a municipality',
    description:
      'A plan with its contacts in alerting order (the first to alert first). The review date is required: past it the plan is flagged as overdue.',
    tags,
    auth: { ...MAINTAIN, scope: ({ params }) => directory.resource(params.number) },
    params: municipalityParams,
    body: createPlanBody,
    response: planSchema,
    successStatus: 201,
    errors: [404],
    handler: ({ params, body, actor }) => createPlan(deps, actor, params.number, body),
  });
  route({
    method: 'GET',
    url: `${BASE}/plans/:id`,
    summary: 'Read an emergency plan',
    tags,
    auth: { ...READ, scope: planScope, refusal: planRefusal },
    params: idParams,
    response: planSchema,
    errors: [404],
    handler: ({ params, actor }) => readPlan(deps, actor, params.id),
  });
  route({
    method: 'PUT',
    url: `${BASE}/plans/:id`,
    summary: 'Change an emergency plan',
    description:
      'Replaces the plan’s fields and its contacts (in alerting order). `revision` is the revision the change was made on: another change in between answers 409 `plan.version-conflict` with the revision now stored.',
    tags,
    auth: { ...MAINTAIN, scope: planScope, refusal: planRefusal },
    params: idParams,
    body: updatePlanBody,
    response: planSchema,
    errors: [404, 409],
    handler: ({ params, body, actor }) => updatePlan(deps, actor, params.id, body),
  });
  route({
    method: 'DELETE',
    url: `${BASE}/plans/:id`,
    summary: 'Remove an emergency plan',
    description:
      'Removes the plan with its contacts and documents (`?revision=` the one the caller saw; 409 `plan.version-conflict` otherwise). The audit row keeps what it said.',
    tags,
    auth: { ...MAINTAIN, scope: planScope, refusal: planRefusal },
    params: idParams,
    query: revisionQuery,
    successStatus: 204,
    errors: [404, 409],
    handler: async ({ params, query, actor }) => {
      await removePlan(deps, actor, params.id, query.revision);
    },
  });
  route({
    method: 'POST',
    url: UPLOAD_URL,
    summary: 'Attach a document to an emergency plan',
    description: `The request body is the file itself, with its Content-Type: one of ${documentMediaTypes.join(', ')}; \`?filename=\` names it (and \`?title=\` describes it). The first bytes must be of that type (415 \`plan.document-content-mismatch\`); another type is a 415 (\`plan.document-type\`, or \`unsupported-media-type\`); a file above the limit (NODMELD_EMERGENCY_PLANS_MAX_DOCUMENT_MB, default 20) a 413 \`plan.document-too-large\`; an empty file a 400 \`plan.document-empty\`. Stored with its size and SHA-256; a blob store that fails answers 503 and nothing is recorded.`,
    tags,
    auth: { ...MAINTAIN, scope: planScope, refusal: planRefusal },
    params: idParams,
    query: uploadQuery,
    response: documentSchema,
    successStatus: 201,
    errors: [404, 413, 415, 503],
    handler: ({ params, query, actor, req }) => {
      const length = req.headers['content-length'];
      return attachDocument(deps, actor, params.id, {
        contentType: req.headers['content-type'],
        contentLength: length === undefined ? undefined : Number(length),
        filename: query.filename,
        title: query.title,
        // Not destroyed when the check stops reading early: the refusal is answered and the rest
        // of the body drained, rather than the connection reset under the client.
        body: req.raw.iterator({ destroyOnReturn: false }),
      });
    },
  });
  route({
    method: 'GET',
    url: `${BASE}/documents/:id`,
    summary: 'Download a plan’s document',
    description:
      'The file with its Content-Type, as an attachment with its file name; ETag is its SHA-256 (If-None-Match answers 304 without the bytes). Every download is audited.',
    tags,
    auth: {
      ...READ,
      scope: async ({ params }) =>
        directory.resource((await loadDocument(db, params.id))?.municipality ?? ''),
      refusal: () => notFound('The document'),
    },
    params: idParams,
    produces: documentMediaTypes as string[],
    errors: [404, 503],
    handler: async ({ params, actor, req, reply }) => {
      const ifNoneMatch = req.headers['if-none-match'];
      const content = await openDocumentContent(deps, actor, params.id, ifNoneMatch, req.method === 'HEAD');
      const doc = content.document;
      void reply.header('etag', etagOf(doc.sha256)).header('cache-control', 'private, no-cache');
      if (content.status === 'not-modified') return reply.code(304).send();
      void reply
        .type(doc.mediaType)
        .header('content-length', String(doc.size))
        .header('content-disposition', contentDisposition(doc.filename))
        .header('content-security-policy', "default-src 'none'; sandbox");
      return content.status === 'ok' ? reply.send(content.stream) : reply.send();
    },
  });
  route({
    method: 'DELETE',
    url: `${BASE}/documents/:id`,
    summary: 'Remove a document from an emergency plan',
    tags,
    auth: {
      ...MAINTAIN,
      scope: async ({ params }) =>
        directory.resource((await loadDocument(db, params.id))?.municipality ?? ''),
      refusal: () => notFound('The document'),
    },
    params: idParams,
    successStatus: 204,
    errors: [404],
    handler: async ({ params, actor }) => {
      await removeDocument(deps, actor, params.id);
    },
  });
}
