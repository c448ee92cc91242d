import Supercluster from 'supercluster';
import { clusterRequestSchema, incidentFilterSchema, type ClusterCollection, type ClusterFeature } from '../core/incident-filter.schema.js';
import { isMappable } from '../core/taxonomy.js';
import type { VerificationStatus } from '../core/verification.js';
import type { Actor, AppContext } from './app-context.js';
import type { Audience } from '../store/record-visibility.js';
import { audienceOf, requirePermission } from './authorization.js';
import { ReadCache } from './read-cache.js';
import { parseInput } from './validation.js';

interface PointProps {
  id: string;
  killed: number;
  status: VerificationStatus;
}
interface ClusterProps {
  killed: number;
}

type Index = Supercluster<PointProps, ClusterProps>;
interface BuiltIndex {
  index: Index;
  total: number;
  /** Matched, but located too roughly for a dot (a region, a country, at sea): counted, not drawn. */
  notDrawn: number;
}

/**
 * Server-side clustering for the map, so the browser never receives every record. One immutable supercluster index
 * per filter and audience, cached until the data changes (see ReadCache).
 */
export class ClusterService {
  private readonly indexes: ReadCache<BuiltIndex>;

  constructor(private readonly ctx: AppContext) {
    this.indexes = new ReadCache<BuiltIndex>(ctx, 16);
  }

  async clusters(actor: Actor, filterInput: unknown, requestInput: unknown): Promise<ClusterCollection> {
    requirePermission(actor, 'incident:read');
    const { bbox: _ignored, ...filter } = parseInput(incidentFilterSchema, filterInput, 'filter');
    const { zoom, bbox } = parseInput(clusterRequestSchema, requestInput, 'cluster request');
    const { index: built, total, notDrawn } = await this.indexes.get(actor, filter, () => this.build(filter, audienceOf(actor)));
    const features = built.getClusters(bbox, zoom).map((f): ClusterFeature => {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const p = f.properties;
      return 'cluster' in p && p.cluster
        ? {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: [lon, lat] },
            properties: { cluster: true, clusterId: p.cluster_id, count: p.point_count, killed: p.killed, expansionZoom: built.getClusterExpansionZoom(p.cluster_id) },
          }
        : { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { cluster: false, id: (p as PointProps).id, killed: (p as PointProps).killed, status: (p as PointProps).status } };
    });
    return { type: 'FeatureCollection', features, total, notDrawn };
  }

  private async build(filter: object, audience: Audience): Promise<BuiltIndex> {
    const points = await this.ctx.store.incidents.points(this.ctx.store.connection.db, filter, audience);
    const index: Index = new Supercluster<PointProps, ClusterProps>({
      radius: 60,
      maxZoom: 16,
      map: (p) => ({ killed: p.killed }),
      reduce: (acc, p) => {
        acc.killed += p.killed;
      },
    });
    const drawn = points.filter((p) => isMappable(p.precision));
    index.load(drawn.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { id: p.id, killed: p.killed, status: p.status } })));
    return { index, total: points.length, notDrawn: points.length - drawn.length };
  }
}
