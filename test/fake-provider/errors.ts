// Error answers in each provider's own shape: OpenAI `{ error: { message, type, param, code } }`,
// Azure `{ error: { code, message } }`, fal `{ detail }`.
import type { Behaviour, RouteName } from './types';

export type Protocol = 'openai' | 'azure' | 'fal' | 'bfl' | 'gemini' | 'openrouter';

export interface ErrorAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

type StatusBehaviour = Extract<Behaviour, { kind: 'status' }>;

export function protocolOf(route: RouteName): Protocol {
  if (route.startsWith('openai.')) return 'openai';
  if (route.startsWith('azure.')) return 'azure';
  if (route.startsWith('gemini.')) return 'gemini';
  if (route.startsWith('openrouter.')) return 'openrouter';
  if (route.startsWith('bfl.')) return 'bfl';
  return 'fal';
}

export function openaiError(message: string, type: string, param: string | null = null, code: string | null = null): unknown {
  return { error: { message, type, param, code } };
}

const OPENAI_DEFAULTS: Readonly<Record<number, [string, string, string | null]>> = {
  400: ['Invalid request.', 'invalid_request_error', null],
  401: ['Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'],
  403: ['Your organization must be verified to use the model `gpt-image-2`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization.', 'invalid_request_error', null],
  404: ['The model `gpt-image-2` does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'],
  500: ['The server had an error while processing your request. Sorry about that!', 'server_error', null],
  502: ['Bad gateway.', 'server_error', null],
  503: ['The server is overloaded or not ready yet.', 'server_error', null],
  504: ['Gateway timeout.', 'server_error', null],
};

/** The answer for a scripted `status` behaviour. */
export function statusAnswer(protocol: Protocol, b: StatusBehaviour): ErrorAnswer {
  const quota = b.status === 429 && b.code === 'insufficient_quota';
  const headers: Record<string, string> = {};
  if (b.status === 429 && !quota) headers['retry-after'] = String(b.retryAfter ?? 1);
  else if (b.retryAfter !== undefined) headers['retry-after'] = String(b.retryAfter);
  Object.assign(headers, b.headers ?? {});
  if (b.body !== undefined) return { status: b.status, body: b.body, headers };
  const wait = b.retryAfter ?? 1;
  switch (protocol) {
    case 'openai': {
      if (b.status === 429) {
        const body = quota
          ? openaiError('You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'insufficient_quota', null, 'insufficient_quota')
          : openaiError(`Rate limit reached for gpt-image-2 in organization org-fake on images per minute (IPM): Limit 5, Used 5, Requested 1. Please try again in ${wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.`, 'requests', null, b.code ?? 'rate_limit_exceeded');
        return { status: 429, body, headers };
      }
      const [message, type, code] = OPENAI_DEFAULTS[b.status] ?? [`HTTP ${b.status}`, 'invalid_request_error', null];
      return { status: b.status, body: openaiError(message, type, null, b.code ?? code), headers };
    }
    case 'azure': {
      const message =
        b.status === 401 ? 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
        : b.status === 404 ? 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'
        : b.status === 429 && quota ? 'You exceeded your current quota, please check your plan and billing details.'
        : b.status === 429 ? `Requests to the Images_Generations_Create Operation under Azure OpenAI API have exceeded call rate limit of your current pricing tier. Please retry after ${wait} second${wait === 1 ? '' : 's'}.`
        : `The service returned HTTP ${b.status}.`;
      const code = b.code ?? (b.status === 404 ? 'DeploymentNotFound' : String(b.status));
      return { status: b.status, body: { error: { code, message } }, headers };
    }
    case 'gemini': {
      // Google's error body: { error: { code, message, status } } with the canonical status names.
      const [status, message] =
        b.status === 401 ? ['UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.']
        : b.status === 400 ? ['INVALID_ARGUMENT', 'Request contains an invalid argument.']
        : b.status === 403 ? ['PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.']
        : b.status === 404 ? ['NOT_FOUND', 'models/unknown-model is not found for API version v1beta, or is not supported for generateContent.']
        : b.status === 429 ? ['RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).']
        : b.status === 503 ? ['UNAVAILABLE', 'The model is overloaded. Please try again later.']
        : ['INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'];
      return { status: b.status, body: { error: { code: b.status, message, status } }, headers };
    }
    case 'openrouter': {
      const message =
        b.status === 401 ? 'No auth credentials found'
        : b.status === 402 ? 'Insufficient credits. Add more using https://openrouter.ai/settings/credits'
        : b.status === 404 ? 'No endpoints found for this model.'
        : b.status === 429 ? 'Rate limit exceeded: free-models-per-min.'
        : b.status === 400 ? 'Invalid request.'
        : `Provider returned error (HTTP ${b.status})`;
      return { status: b.status, body: { error: { code: b.status, message } }, headers };
    }
    case 'fal': {
      const detail =
        b.status === 401 ? 'Invalid or missing authorization: use the header "Authorization: Key <FAL_KEY>"'
        : b.status === 403 ? 'User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing.'
        : b.status === 404 ? 'Application not found'
        : b.status === 429 ? 'Too many requests'
        : `Internal server error (HTTP ${b.status})`;
      return { status: b.status, body: { detail }, headers };
    }
    case 'bfl': {
      // BFL's API is FastAPI: `{ detail }`; 429 is its limit of 24 tasks in flight.
      const detail =
        b.status === 401 ? 'Invalid API key'
        : b.status === 402 ? 'Insufficient credits'
        : b.status === 403 ? 'Forbidden'
        : b.status === 429 ? 'You have exceeded the number of active tasks (24). Please wait for some tasks to finish.'
        : `Internal Server Error (HTTP ${b.status})`;
      return { status: b.status, body: { detail }, headers };
    }
  }
}

/** The provider's refusal of a prompt by its safety system. */
export function moderationAnswer(protocol: Protocol, requestId: string, prompt: string): ErrorAnswer {
  switch (protocol) {
    case 'openai':
      return {
        status: 400,
        headers: {},
        body: openaiError(
          `Your request was rejected by the safety system. If you believe this is an error, contact us at help.openai.com and include the request ID ${requestId}. safety_violations=[violence].`,
          'image_generation_user_error',
          null,
          'moderation_blocked',
        ),
      };
    case 'azure':
      return {
        status: 400,
        headers: {},
        body: {
          error: {
            code: 'content_policy_violation',
            message: 'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
            param: 'prompt',
            type: 'invalid_request_error',
            inner_error: { code: 'ResponsibleAIPolicyViolation', content_filter_results: { violence: { filtered: true, severity: 'medium' } } },
          },
        },
      };
    case 'gemini':
      // Gemini refuses a prompt with a 200 answer: promptFeedback.blockReason, no candidates (see gemini.ts).
      return { status: 200, headers: {}, body: { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 } } };
    case 'openrouter':
      return {
        status: 403, headers: {},
        body: { error: { code: 403, message: `Your chosen model requires moderation and your input was flagged for "violence".`, metadata: { reasons: ['violence'], flagged_input: prompt.slice(0, 100), provider_name: 'Google', model_slug: 'google/gemini-3.1-flash-image-preview' } } },
      };
    case 'bfl':
      // BFL moderates inside the task: the poll answers status "Request Moderated" (see bfl.ts).
      return { status: 200, headers: {}, body: { id: requestId, status: 'Request Moderated', result: null, progress: null, details: { 'Moderation Reasons': ['violence'] } } };
    case 'fal':
      return {
        status: 422,
        headers: {},
        body: {
          detail: [
            {
              loc: ['body', 'prompt'],
              msg: 'The content could not be processed because it contained material flagged by a content checker.',
              type: 'content_policy_violation',
              url: 'https://docs.fal.ai/errors#content_policy_violation',
              input: prompt,
            },
          ],
        },
      };
  }
}
