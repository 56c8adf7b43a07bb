// **forge** makes the "create this file" link of a repository's web interface, prefilled with the new file.
// GitHub and Gitea/Forgejo take the file name and content in the URL (`filename`, `value`); GitLab's new
// file page does not reliably, so there the link opens the folder's new-file page and the steps say to paste.

export interface ForgeLinks {
  forge: 'github' | 'gitea' | 'gitlab';
  /** Opens the forge's "new file" page in the right folder. */
  newFileUrl: string;
  /** Whether the link carries the content (otherwise the contributor pastes it). */
  prefilled: boolean;
}

/** Browsers and forges refuse URLs much longer than this; past it the contributor pastes the file. */
const MAX_URL = 8000;

export function forgeLinks(repositoryUrl: string, repositoryPath: string, turtle: string, branch = 'main'): ForgeLinks {
  const repo = repositoryUrl.replace(/\/+$/, '').replace(/\.git$/, '');
  const host = new URL(repo).hostname;
  const folder = repositoryPath.slice(0, repositoryPath.lastIndexOf('/'));
  const file = repositoryPath.slice(repositoryPath.lastIndexOf('/') + 1);
  const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
  if (host === 'github.com' || /gitea|forgejo|codeberg/.test(host)) {
    const forge = host === 'github.com' ? 'github' : 'gitea';
    const base = forge === 'github' ? `${repo}/new/${encodeURIComponent(branch)}/${enc(folder)}` : `${repo}/_new/${encodeURIComponent(branch)}/${enc(folder)}`;
    const url = `${base}?${new URLSearchParams({ filename: file, value: turtle })}`;
    return url.length <= MAX_URL ? { forge, newFileUrl: url, prefilled: true } : { forge, newFileUrl: `${base}?${new URLSearchParams({ filename: file })}`, prefilled: false };
  }
  return { forge: 'gitlab', newFileUrl: `${repo}/-/new/${encodeURIComponent(branch)}/${enc(folder)}`, prefilled: false };
}
