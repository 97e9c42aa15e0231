/**
 * A local stand-in for the two GitHub REST endpoints pin-rollout calls, answering in the shapes GitHub documents
 * (typed with @octokit/openapi-types, GitHub's own description of its API): POST /repos/{owner}/{repo}/deployments
 * and POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses. Point GITHUB_API_URL at `url`. Every
 * request is recorded for the test to assert; a token other than the expected one gets 401, and `refuse` plays a
 * token without `deployments: write` (403, GitHub's "Resource not accessible by integration").
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components, operations } from '@octokit/openapi-types';

type CreateDeployment = operations['repos/create-deployment']['requestBody']['content']['application/json'];
type CreateStatus = operations['repos/create-deployment-status']['requestBody']['content']['application/json'];
type Deployment = components['schemas']['deployment'];
type DeploymentStatus = components['schemas']['deployment-status'];

const STATES: readonly CreateStatus['state'][] = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  accept: string | undefined;
  body: unknown;
}

export interface GithubApiStandIn {
  url: string;
  requests: RecordedRequest[];
  deployments: Deployment[];
  statuses: (DeploymentStatus & { deployment_id: number })[];
  /** Answer every call with 403, as GitHub does for a token without the permission. */
  refuse: boolean;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Starts the stand-in on a free local port; `token` is the only one it accepts. */
export async function startGithubApi(token: string): Promise<GithubApiStandIn> {
  const api: GithubApiStandIn = { url: '', requests: [], deployments: [], statuses: [], refuse: false, close: async () => {} };
  let nextId = 1000;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      api.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, accept: req.headers.accept, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      const docs = 'https://docs.github.com/rest/deployments';
      if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`) {
        return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      }
      if (api.refuse) return send(403, { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' });
      const base = `${api.url}`;
      const created = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(path);
      if (req.method === 'POST' && created) {
        const b = body as Partial<CreateDeployment> | undefined;
        if (typeof b?.ref !== 'string' || b.ref === '') return send(422, { message: 'Invalid request.\n\n"ref" wasn\'t supplied.', documentation_url: docs, status: '422' });
        const id = nextId++;
        const repoUrl = `${base}/repos/${created[1]}/${created[2]}`;
        const now = new Date().toISOString();
        const deployment: Deployment = {
          url: `${repoUrl}/deployments/${id}`, id, node_id: `DE_${id}`, sha: b.ref, ref: b.ref, task: b.task ?? 'deploy',
          payload: (b.payload ?? {}) as Deployment['payload'], original_environment: b.environment ?? 'production', environment: b.environment ?? 'production',
          description: b.description ?? '', creator: null, created_at: now, updated_at: now,
          statuses_url: `${repoUrl}/deployments/${id}/statuses`, repository_url: repoUrl,
          transient_environment: b.transient_environment ?? false, production_environment: b.production_environment ?? (b.environment ?? 'production') === 'production',
        };
        api.deployments.push(deployment);
        return send(201, deployment);
      }
      const status = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(path);
      if (req.method === 'POST' && status) {
        const deployment = api.deployments.find((d) => String(d.id) === status[3]);
        if (!deployment) return send(404, { message: 'Not Found', documentation_url: docs, status: '404' });
        const b = body as Partial<CreateStatus> | undefined;
        if (!b?.state || !STATES.includes(b.state)) return send(422, { message: 'Validation Failed', errors: [{ resource: 'DeploymentStatus', code: 'custom', field: 'state', message: 'state is not included in the list' }], documentation_url: docs, status: '422' });
        if ((b.description ?? '').length > 140) return send(422, { message: 'Validation Failed', errors: [{ resource: 'DeploymentStatus', code: 'custom', field: 'description', message: 'description is too long (maximum is 140 characters)' }], documentation_url: docs, status: '422' });
        const id = nextId++;
        const now = new Date().toISOString();
        const s: DeploymentStatus & { deployment_id: number } = {
          url: `${deployment.url}/statuses/${id}`, id, node_id: `DES_${id}`, state: b.state, creator: null, description: b.description ?? '',
          environment: b.environment ?? deployment.environment, target_url: b.log_url ?? b.target_url ?? '', log_url: b.log_url ?? b.target_url ?? '',
          created_at: now, updated_at: now, deployment_url: deployment.url, repository_url: deployment.repository_url, environment_url: b.environment_url ?? '',
          deployment_id: Number(deployment.id),
        };
        api.statuses.push(s);
        return send(201, s);
      }
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return api;
}
