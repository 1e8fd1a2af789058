// The Generate page's link to the host.
import type { FromGenerateWebview, GenerateRequests } from '../../src/protocol';
import { HostLink as Link } from '../shared/hostLink';

export class HostLink extends Link<GenerateRequests, FromGenerateWebview> {}
