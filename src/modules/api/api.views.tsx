import type { ViewContext } from '../../ui/view-context.js';
import { Layout, siteCrumb } from '../../ui/layout.js';

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: { type?: string } };
type Operation = { operationId: string; summary: string; parameters?: Parameter[]; security?: unknown[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> }; responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }> };
type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; $ref?: string; items?: JsonSchema; anyOf?: JsonSchema[]; description?: string };

function refName(ref: string | undefined): string | undefined {
  return ref?.split('/').pop();
}

function describeType(schema: JsonSchema): string {
  if (schema.$ref) return refName(schema.$ref) ?? '';
  if (schema.anyOf) return schema.anyOf.map(describeType).join(' | ');
  if (schema.type === 'array' && schema.items) return `${describeType(schema.items)}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type ?? 'object';
}

/** A readable page made from the OpenAPI document on the server: no external scripts (the CSP forbids them). */
export function ApiDocsPage({ ctx, document }: { ctx: ViewContext; document: Record<string, unknown> }) {
  const { t } = ctx;
  const info = document.info as { title: string; version: string; description: string };
  const servers = document.servers as { url: string }[];
  const paths = document.paths as Record<string, Record<string, Operation>>;
  const schemas = (document.components as { schemas: Record<string, JsonSchema> }).schemas;
  return (
    <Layout ctx={ctx} title={t('opendata.docsTitle')} crumbs={[siteCrumb(ctx), { label: t('opendata.docsTitle') }]}>
      <h1>{t('opendata.docsTitle')}</h1>
      <p>{t('opendata.docsIntro')}</p>
      <p lang="da">{info.title} {info.version}: {info.description}</p>
      <ul>
        <li><a href="/api/v1/openapi.json" type="application/json">{t('opendata.openapiLink')}</a></li>
        <li><a href="/feed.xml" type="application/atom+xml">{t('opendata.feedLink')}</a></li>
      </ul>
      <h2>{t('opendata.endpoints')}</h2>
      {Object.entries(paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => (
          <section class="api-endpoint" aria-labelledby={`op-${op.operationId}`}>
            <h3 id={`op-${op.operationId}`}><code>{method.toUpperCase()} {servers[0]?.url ?? ''}{path}</code></h3>
            <p lang="da">{op.summary}</p>
            {op.security && op.security.length > 0 ? <p><strong>{t('opendata.requiresToken')}</strong></p> : null}
            {op.requestBody ? (
              <p>
                {t('opendata.requestBody')}:{' '}
                {Object.entries(op.requestBody.content).map(([type, media]) => {
                  const name = refName(media.schema.$ref);
                  return <span><code>{type}</code>{name ? <> (<a href={`#schema-${name}`}>{name}</a>)</> : null}</span>;
                })}
              </p>
            ) : null}
            {op.parameters && op.parameters.length > 0 ? (
              <div class="table-scroll" role="region" tabIndex={0} aria-labelledby={`op-${op.operationId}`}>
              <table class="table">
                <caption>{t('opendata.parameters')}</caption>
                <thead><tr><th scope="col">{t('opendata.parameter')}</th><th scope="col">{t('opendata.where')}</th><th scope="col">{t('opendata.type')}</th><th scope="col">{t('opendata.description')}</th></tr></thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr><td><code>{p.name}</code>{p.required ? <> ({t('opendata.required')})</> : null}</td><td>{p.in}</td><td>{p.schema?.type ?? ''}</td><td lang="da">{p.description ?? ''}</td></tr>
                  ))}
                </tbody>
              </table>
              </div>
            ) : null}
            <h4>{t('opendata.responses')}</h4>
            <ul>
              {Object.entries(op.responses).map(([status, response]) => {
                const [type, media] = Object.entries(response.content ?? {})[0] ?? [];
                const name = refName(media?.schema.$ref);
                return <li><code>{status}</code> <span lang="da">{response.description}</span>{type ? <> — <code>{type}</code></> : null}{name ? <> (<a href={`#schema-${name}`}>{name}</a>)</> : null}</li>;
              })}
            </ul>
          </section>
        )),
      )}
      <h2>{t('opendata.schemas')}</h2>
      {Object.entries(schemas).map(([name, schema]) => (
        <section aria-labelledby={`schema-${name}`}>
          <h3 id={`schema-${name}`}>{name}</h3>
          {schema.description ? <p lang="da">{schema.description}</p> : null}
          <div class="table-scroll" role="region" tabIndex={0} aria-labelledby={`schema-${name}`}>
          <table class="table">
            <thead><tr><th scope="col">{t('opendata.field')}</th><th scope="col">{t('opendata.type')}</th></tr></thead>
            <tbody>
              {Object.entries(schema.properties ?? {}).map(([field, fieldSchema]) => (
                <tr><td><code>{field}</code>{schema.required?.includes(field) ? <> ({t('opendata.required')})</> : null}</td><td><code>{describeType(fieldSchema)}</code></td></tr>
              ))}
            </tbody>
          </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
