// **server-config** writes the web-server configuration that keeps Linked Data working on the static copy:
// an entity IRI (/id/commons/decidim) gives its page to browsers and its Turtle, JSON-LD, N-Triples or RDF/XML
// file to RDF clients (application/json gets JSON-LD), with Vary: Accept, the right types and charsets, the
// English page by Accept-Language, CORS for scripts of other sites, and the precompressed copies.
// nginx: a conf.d file (http context: two maps and a server block). Apache: an .htaccess at the site root.
import { DESCRIPTION_FORMATS } from '../http/rdf-response.js';

/** Extensions and their types, for both servers: what the build writes. */
export const STATIC_TYPES: ReadonlyArray<[type: string, extensions: string[], text: boolean]> = [
  ['text/html', ['html'], true],
  ['text/css', ['css'], true],
  ['text/javascript', ['js', 'mjs'], true],
  ['application/json', ['json', 'map'], false],
  ['application/ld+json', ['jsonld'], false],
  ['text/turtle', ['ttl'], true],
  ['application/n-triples', ['nt'], true],
  ['application/n-quads', ['nq'], true],
  ['application/trig', ['trig'], true],
  ['application/rdf+xml', ['rdf'], true],
  ['application/xml', ['xml'], true],
  ['application/atom+xml', ['atom'], true],
  ['text/plain', ['txt'], true],
  ['image/svg+xml', ['svg'], true],
  ['image/x-icon', ['ico'], false],
  ['image/png', ['png'], false],
];

/** Accept patterns, most specific first: the first that matches names the file to serve. */
const RDF_ACCEPT: ReadonlyArray<[pattern: string, extension: string]> = [
  ...DESCRIPTION_FORMATS.map((f): [string, string] => [f.mediaType.replace(/[+.]/g, (c) => `\\${c}`), f.extension]),
];

export interface NginxOptions {
  /** Absolute path of the built folder. */
  root: string;
  listen?: string;
  serverName?: string;
  /** Where to write the logs and temp files, for a server run by a user (tests); the system defaults otherwise. */
  prefix?: string;
}

const SECURITY = [
  `add_header X-Content-Type-Options nosniff always;`,
  `add_header Referrer-Policy strict-origin-when-cross-origin always;`,
  `add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self' https:" always;`,
];

/** The nginx configuration of the static copy (put it in /etc/nginx/conf.d/, or include it in the http block). */
export function nginxConfig({ root, listen = '80', serverName = '_' }: NginxOptions): string {
  const cors = ['add_header Access-Control-Allow-Origin "*" always;', 'add_header Access-Control-Allow-Methods "GET, HEAD, OPTIONS" always;', 'add_header Access-Control-Allow-Headers "Accept, Accept-Language" always;'];
  const common = (indent: string, extra: string[] = []) => [...SECURITY, ...cors, ...extra].map((l) => `${indent}${l}`).join('\n');
  return `# Usages communs, static copy: written by "npm run build:static". An nginx conf.d file (http context).
# Set listen, server_name and root for your host; nginx serves the .gz copies (gzip_static), and the .br
# copies too if the brotli module is installed (uncomment brotli_static).

# The RDF syntax an Accept header names, as the extension of the file to serve; "" for HTML.
map $http_accept $uc_rdf_extension {
  default "";
${RDF_ACCEPT.map(([pattern, extension]) => `  "~*${pattern}" ".${extension}";`).join('\n')}
  # Generic clients ask for JSON: JSON-LD is JSON (unless they name HTML too, as a browser might).
  "~*^(?!.*text/html).*application/json" ".jsonld";
}
# English pages live under /en/: a client whose first language is English gets them at the same IRI.
map $http_accept_language $uc_lang_prefix {
  default "";
  "~*^en" "/en";
}

server {
  listen ${listen};
  server_name ${serverName};
  root ${root};
  index index.html;
  types {
${STATIC_TYPES.map(([type, extensions]) => `    ${type} ${extensions.join(' ')};`).join('\n')}
  }
  default_type application/octet-stream;
  charset utf-8;
  charset_types ${STATIC_TYPES.filter(([, , text]) => text).map(([type]) => type).join(' ')};
  gzip_static on;
  gzip_vary on;
  # brotli_static on;
  error_page 404 /404.html;

  # The build's own files are not part of the site.
  location ~ ^/(nginx\\.conf|\\.htaccess|\\.usages-communs-static)$ { return 404; }

  # Entity IRIs (and the vocabulary): the page for browsers, the file of the syntax for RDF clients.
  location ~ ^/(id|ns)(/|$) {
${common('    ', ['add_header Vary "Accept, Accept-Language" always;'])}
    if ($request_method = OPTIONS) { return 204; }
    try_files $uri$uc_rdf_extension $uc_lang_prefix$uri.html $uri.html $uri =404;
  }

  # The dataset's descriptions: RDF by Accept, the data page for browsers.
  location ~ ^/(\\.well-known/void|dataset)$ {
${common('    ', ['add_header Vary "Accept, Accept-Language" always;'])}
    if ($request_method = OPTIONS) { return 204; }
    try_files $uri$uc_rdf_extension $uc_lang_prefix/data.html /data.html =404;
  }

  location / {
${common('    ')}
    if ($request_method = OPTIONS) { return 204; }
    try_files $uri $uri.html $uri/ =404;
  }
}
`;
}

/** The .htaccess of the static copy (Apache 2.4 with mod_rewrite, mod_headers and mod_mime; AllowOverride All). */
export function apacheHtaccess(): string {
  const rdfRules = [
    ...RDF_ACCEPT.map(([pattern, extension]) => [`RewriteCond %{HTTP_ACCEPT} ${pattern} [NC]`, `RewriteCond %{REQUEST_FILENAME}.${extension} -f`, `RewriteRule ^((id|ns)(/.*)?|\\.well-known/void|dataset)$ $1.${extension} [L]`].join('\n')),
    ['RewriteCond %{HTTP_ACCEPT} application/json [NC]', 'RewriteCond %{HTTP_ACCEPT} !text/html [NC]', 'RewriteCond %{REQUEST_FILENAME}.jsonld -f', 'RewriteRule ^((id|ns)(/.*)?|\\.well-known/void|dataset)$ $1.jsonld [L]'].join('\n'),
  ];
  return `# Usages communs, static copy: written by "npm run build:static". Apache 2.4 at the site root, with
# AllowOverride All (or FileInfo Options Indexes) and mod_rewrite, mod_headers, mod_mime enabled.
Options -MultiViews -Indexes
DirectoryIndex index.html
# /commons is commons.html, even though a folder commons/ (its other pages) sits beside it.
DirectorySlash Off
ErrorDocument 404 /404.html

${STATIC_TYPES.map(([type, extensions]) => `AddType ${type} ${extensions.map((e) => `.${e}`).join(' ')}`).join('\n')}
AddCharset utf-8 ${STATIC_TYPES.filter(([, , text]) => text).flatMap(([, extensions]) => extensions.map((e) => `.${e}`)).join(' ')}
# decidim.ttl.br is Turtle, encoded with brotli: mod_mime reads both extensions.
RemoveType .gz .br
AddEncoding gzip .gz
AddEncoding br .br

<IfModule mod_headers.c>
  Header always set X-Content-Type-Options nosniff
  Header always set Access-Control-Allow-Origin "*"
  <If "%{REQUEST_URI} =~ m#^/((id|ns)([/.]|$)|\\.well-known/void|dataset)#">
    Header merge Vary "Accept, Accept-Language"
  </If>
  <FilesMatch "\\.(gz|br)$">
    Header merge Vary Accept-Encoding
  </FilesMatch>
</IfModule>
# Never compress twice what is already compressed.
<FilesMatch "\\.(gz|br)$">
  SetEnv no-gzip 1
  SetEnv no-brotli 1
</FilesMatch>

RewriteEngine On
# A CORS preflight on any URL.
RewriteCond %{REQUEST_METHOD} OPTIONS
RewriteRule ^ - [R=204,L]

# Entity IRIs: the file of the syntax an RDF client names, else the page (English by Accept-Language).
${rdfRules.join('\n')}
RewriteCond %{HTTP:Accept-Language} ^en [NC]
RewriteCond %{DOCUMENT_ROOT}/en/$1.html -f
RewriteRule ^((id|ns)(/.*)?)$ en/$1.html [L]
RewriteRule ^(\\.well-known/void|dataset)$ data.html [L]

# Pages without their .html.
RewriteCond %{REQUEST_FILENAME} !-f
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+?)/?$ $1.html [L]

# The precompressed copy, when the client takes it.
RewriteCond %{HTTP:Accept-Encoding} \\bbr\\b
RewriteCond %{REQUEST_FILENAME}.br -f
RewriteRule ^(.+)$ $1.br [L]
RewriteCond %{HTTP:Accept-Encoding} \\bgzip\\b
RewriteCond %{REQUEST_FILENAME}.gz -f
RewriteRule ^(.+)$ $1.gz [L]
`;
}
