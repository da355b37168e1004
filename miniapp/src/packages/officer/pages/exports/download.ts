/**
 * Downloads an export with the session token: in h5 fetch → blob → a link that saves the file; in
 * WeChat Taro.downloadFile, then the document viewer (XLSX) or a chat message with the file (CSV).
 */
import Taro from '@tarojs/taro';
import { messageForCode, NETWORK_ERROR } from '../../../../logic/errors';
import { type ExportFormat, filenameFromDisposition, weappAction } from '../../../../logic/officerOps';
import { type Query, withQuery } from '../../../../logic/query';
import { API_PREFIX, ApiError } from '../../../../services/http';
import { currentLang } from '../../../../services/prefs';
import { currentSession } from '../../../../services/session';

function authHeader(): Record<string, string> {
  const s = currentSession();
  return s ? { Authorization: `Bearer ${s.token}`, 'Accept-Language': currentLang() } : {};
}

/** The error of a refused download, read from the JSON body when there is one. */
function apiError(status: number, body: unknown): ApiError {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = null;
    }
  }
  const err = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const code =
    typeof err?.code === 'string' ? err.code : status >= 500 ? 'server.internal' : 'request.invalid';
  return new ApiError(
    code,
    status,
    err?.message ?? messageForCode(code, undefined, currentLang()),
    err?.details,
  );
}

async function downloadH5(url: string, fallbackName: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { headers: authHeader() });
  } catch (e) {
    throw new ApiError(NETWORK_ERROR, 0, e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) throw apiError(res.status, await res.text().catch(() => ''));
  const name = filenameFromDisposition(res.headers.get('Content-Disposition')) ?? fallbackName;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 30_000);
  return name;
}

async function downloadWeapp(url: string, name: string, format: ExportFormat): Promise<string> {
  let res: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    res = await Taro.downloadFile({ url, header: authHeader() });
  } catch (e) {
    throw new ApiError(NETWORK_ERROR, 0, e instanceof Error ? e.message : String(e));
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    let body = '';
    try {
      body = Taro.getFileSystemManager().readFileSync(res.tempFilePath, 'utf8') as string;
    } catch {
      // no readable body
    }
    throw apiError(res.statusCode, body);
  }
  if (weappAction(format) === 'open') {
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
  } else {
    await Taro.shareFileMessage({ filePath: res.tempFilePath, fileName: name });
  }
  return name;
}

/** Fetches GET `path` (under /api/v1) as a file; resolves with the file name. */
export function downloadExport(
  path: string,
  query: Query,
  filename: string,
  format: ExportFormat,
): Promise<string> {
  const url = API_PREFIX + withQuery(path, query);
  if (process.env.TARO_ENV === 'weapp') return downloadWeapp(url, filename, format);
  return downloadH5(url, filename);
}
