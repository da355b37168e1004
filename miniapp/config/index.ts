import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** The workspace package @timebank/shared is TypeScript source; compile it like our own code. */
const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src');
const platform = process.env.TARO_ENV ?? 'weapp';

/**
 * npm keeps some Taro packages (e.g. @tarojs/plugin-framework-react) in miniapp/node_modules instead
 * of hoisting them; Taro's own modules at the root import them, so look here as well.
 */
const ownModules = path.resolve(__dirname, '..', 'node_modules');
// biome-ignore lint/suspicious/noExplicitAny: webpack-chain's type is not exported by @tarojs/cli
const addModules = (chain: any) => {
  chain.resolve.modules.add(ownModules).add('node_modules');
};

/**
 * Where the app finds the API. In h5 the default is the same origin (the API process serves
 * dist/h5), so the prefix is ''. In weapp it must be a full https URL in production; the default
 * suits the WeChat devtools with "不校验合法域名" on. Override with TARO_APP_API_BASE.
 */
/** Writes chunk-files.json: every entry and page chunk group → the JS and CSS files it loads. */
class ChunkFilesPlugin {
  // biome-ignore lint/suspicious/noExplicitAny: webpack's Compiler type is not a dependency of ours
  apply(compiler: any) {
    // biome-ignore lint/suspicious/noExplicitAny: as above
    compiler.hooks.thisCompilation.tap('ChunkFilesPlugin', (compilation: any) => {
      compilation.hooks.processAssets.tap({ name: 'ChunkFilesPlugin', stage: 5000 }, () => {
        const groups: Record<string, string[]> = {};
        for (const [name, group] of compilation.namedChunkGroups) {
          groups[name] = [...new Set<string>(group.getFiles())].filter((f) => /\.(js|css)$/.test(f));
        }
        const { RawSource } = compiler.webpack.sources;
        compilation.emitAsset('chunk-files.json', new RawSource(JSON.stringify(groups, null, 1)));
      });
    });
  }
}

const apiBase = process.env.TARO_APP_API_BASE ?? (platform === 'h5' ? '' : 'http://127.0.0.1:3000');

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'timebank-alliance',
    date: '2026-11-25',
    designWidth: 375,
    deviceRatio: {
      375: 2,
      640: 2.34 / 2,
      750: 1,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(apiBase),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      webpackChain: addModules,
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
    h5: {
      publicPath: './',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      devServer: { host: '127.0.0.1', port: 10086, open: false },
      compile: { include: [sharedSrc] },
      webpackChain(chain) {
        addModules(chain);
        // Taro splits only initial chunks; pages are async chunks in h5, so without this each page
        // carries its own copy of zod and the shared rules.
        const splitChunks = chain.optimization.get('splitChunks');
        if (splitChunks) chain.optimization.splitChunks({ ...splitChunks, chunks: 'all' });
        // React + Taro's h5 runtime alone exceed webpack's 244 KB hint; the size report watches weapp.
        chain.performance.hints(false);
        // Which files each page needs (its chunk group): scripts/size-report.mjs adds up the login
        // page's and the activities list's from it.
        chain.plugin('chunk-files').use(ChunkFilesPlugin);
      },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
