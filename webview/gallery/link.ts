// The gallery page's link to the host.
import type { FromGalleryWebview, GalleryRequests } from '../../src/protocolGallery';
import { HostLink as Link } from '../shared/hostLink';

export class HostLink extends Link<GalleryRequests, FromGalleryWebview> {}
