// The benchmark's reference: bare Fastify answering precomputed bytes, as Buffers (the file BENCH_PAGE_FILE
// at /page, BENCH_ITEM_FILE at /item), as fast as this machine serves anything over HTTP with Fastify.
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const app = Fastify({ logger: false })
const page = readFileSync(process.env.BENCH_PAGE_FILE!)
const item = readFileSync(process.env.BENCH_ITEM_FILE!)
app.get('/health', async () => ({ status: 'ok' }))
app.get('/page', async (_req, reply) => reply.type('application/json; charset=utf-8').send(page))
app.get('/item', async (_req, reply) => reply.type('application/json; charset=utf-8').send(item))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
