/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

/** Where the API lives: '' in h5 (same origin), a full URL in weapp. Set by config defineConstants. */
declare const API_BASE: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production';
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    TARO_APP_ID: string;
  }
}
