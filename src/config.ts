// The service's configuration, read once from the environment and validated.
import envSchema from 'env-schema'

export interface Config {
  PORT: number
  HOST: string
  DATABASE_PATH: string
  LOG_LEVEL: string
  REBUILD_DATABASE: 'auto' | 'never'
}

const schema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    HOST: { type: 'string', default: '127.0.0.1' },
    DATABASE_PATH: { type: 'string', default: 'data/campaign-facts.db' },
    LOG_LEVEL: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    // `auto` builds the database when it is missing or older than the seed data; `never` only
    // opens what is there (for images whose database was built at build time).
    REBUILD_DATABASE: { type: 'string', enum: ['auto', 'never'], default: 'auto' },
  },
} as const

export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  return envSchema<Config>({ schema, data: env, dotenv: false })
}
