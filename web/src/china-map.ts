// China's provincial-level divisions as GeoJSON, keyed by GB/T 2260 code (110000 … 820000), from
// the map Apache ECharts 4.9.0 ships (echarts/map/json/china.json, Apache License 2.0; the last
// ECharts release that ships its maps). ECharts stores the rings in its own compact encoding,
// decoded here as ECharts' own parser does (coord/geo/parseGeoJson.js), and each polygon is wound
// as d3-geo, which draws Plot's maps, expects.
import { geoArea } from 'd3-geo'
import china from 'echarts/map/json/china.json'

interface EncodedFeature {
  id: string
  properties: { name: string }
  geometry: { type: 'Polygon' | 'MultiPolygon', coordinates: unknown, encodeOffsets: unknown }
}

export interface ProvinceFeature {
  type: 'Feature'
  id: string
  properties: { name: string }
  geometry: { type: 'MultiPolygon', coordinates: number[][][][] }
}

/** One ring: pairs of characters, each a zig-zag encoded delta from the previous point, in 1/1024 degree. */
function decodeRing (encoded: string, offset: [number, number]): number[][] {
  const ring: number[][] = []
  let [x, y] = offset
  for (let i = 0; i < encoded.length; i += 2) {
    let dx = encoded.charCodeAt(i) - 64
    let dy = encoded.charCodeAt(i + 1) - 64
    dx = (dx >> 1) ^ -(dx & 1)
    dy = (dy >> 1) ^ -(dy & 1)
    x += dx
    y += dy
    ring.push([x / 1024, y / 1024])
  }
  return ring
}

/** d3-geo takes a polygon wound the other way for the rest of the sphere: wind it back. */
function wound (polygon: number[][][]): number[][][] {
  const area = geoArea({ type: 'Polygon', coordinates: polygon })
  return area > 2 * Math.PI ? polygon.map((ring) => [...ring].reverse()) : polygon
}

function decodeFeature (f: EncodedFeature): ProvinceFeature {
  const { type, coordinates, encodeOffsets } = f.geometry
  const polygons = type === 'Polygon'
    ? [(coordinates as string[]).map((r, i) => decodeRing(r, (encodeOffsets as Array<[number, number]>)[i]!))]
    : (coordinates as string[][]).map((p, k) => p.map((r, i) => decodeRing(r, (encodeOffsets as Array<Array<[number, number]>>)[k]![i]!)))
  return { type: 'Feature', id: f.id, properties: { name: f.properties.name }, geometry: { type: 'MultiPolygon', coordinates: polygons.map(wound) } }
}

export const provinces: { type: 'FeatureCollection', features: ProvinceFeature[] } = {
  type: 'FeatureCollection',
  features: (china as unknown as { features: EncodedFeature[] }).features.map(decodeFeature),
}
