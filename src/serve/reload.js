// The client side of live reload, injected into every page `serve` answers.
(()=>{
const key="broadsheet-scroll:"+location.pathname,saved=sessionStorage.getItem(key);
if(saved!==null){sessionStorage.removeItem(key);addEventListener("load",()=>scrollTo(0,+saved));}
const unhashed=u=>new URL(u,location.href).pathname.replace(/\.[0-9a-f]{8}\.css$/,".css");
const events=new EventSource("/__broadsheet/events");
const again=()=>{sessionStorage.setItem(key,String(scrollY));location.reload();};
events.addEventListener("reload",again);
// The translation desk reads the files, so a save that leaves the site as it was (a translation record) changes it.
events.addEventListener("checked",()=>{if(location.pathname.startsWith("/__broadsheet/translate/"))again();});
events.addEventListener("css",e=>{for(const l of document.querySelectorAll("link[rel=stylesheet]"))if(unhashed(l.href)===unhashed(e.data))l.href=e.data;});
events.addEventListener("error",e=>{if(typeof e.data!=="string")return;let o=document.getElementById("broadsheet-overlay");
if(!o){o=document.createElement("div");o.id="broadsheet-overlay";o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;background:#1e1010;color:#fff;border-top:4px solid #e5484d";o.append(document.createElement("pre"));document.body.append(o);}
const pre=o.firstChild;pre.style.cssText="margin:0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace";
pre.textContent="broadsheet could not rebuild the site; this page shows the last good build.\n\n"+JSON.parse(e.data).map(d=>d.text).join("\n");});
events.addEventListener("ok",()=>document.getElementById("broadsheet-overlay")?.remove());
})();
