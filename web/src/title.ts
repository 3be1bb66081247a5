// The document's title follows the view, so that history, tabs and bookmarks name what they hold.
import { useEffect } from 'preact/hooks'

export function useTitle (title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} · campaign-facts` : 'campaign-facts · cited facts about the 2021 education and rectification campaign'
  }, [title])
}
