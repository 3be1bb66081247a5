// A path the explorer does not know.
import { useTitle } from '../title'

export function NotFound () {
  useTitle('Not found')
  return (
    <section>
      <h1>No such page</h1>
      <p>The explorer has no view at this address. Start from the <a href="/">overview</a>, or search above.</p>
    </section>
  )
}
